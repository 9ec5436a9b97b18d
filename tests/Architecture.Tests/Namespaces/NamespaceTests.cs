using AgentPlatform.Architecture.Tests.Support;

namespace AgentPlatform.Architecture.Tests.Namespaces;

/// <summary>Folder names say where a type lives: every namespace in product code is AgentPlatform.&lt;Project&gt;.&lt;Folder&gt;...</summary>
public sealed class NamespaceTests
{
    [Fact]
    public void Every_namespace_in_product_code_matches_its_folder()
    {
        var violations = new List<string>();
        var files = 0;
        foreach (var projectFile in Repository.ProductProjectFiles())
        {
            var projectDir = Path.GetDirectoryName(projectFile)!;
            var project = Path.GetFileName(projectDir);
            foreach (var file in SourceFiles(projectDir))
            {
                files++;
                var source = File.ReadAllText(file);
                var expected = SourceNamespaces.Expected(project, Path.GetRelativePath(projectDir, Path.GetDirectoryName(file)!));
                var declared = SourceNamespaces.Declared(source);
                if (declared.Count == 0)
                {
                    // Top-level statements have no namespace; a type without one lands in the global namespace.
                    if (Path.GetFileName(file) != "Program.cs" && SourceNamespaces.DeclaresType(source))
                    {
                        violations.Add($"{Repository.Relative(file)}: no namespace (expected {expected})");
                    }
                    continue;
                }
                violations.AddRange(declared.Where(ns => ns != expected).Select(ns => $"{Repository.Relative(file)}: {ns} (expected {expected})"));
            }
        }
        Assert.True(files > 100, $"only {files} product source files found under {Repository.Root}");
        Assert.True(violations.Count == 0, $"{violations.Count} namespace(s) do not match their folder:\n" + string.Join('\n', violations));
    }

    private static IEnumerable<string> SourceFiles(string projectDir) =>
        Directory.EnumerateFiles(projectDir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(projectDir, f).Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            .Order(StringComparer.Ordinal);
}
