using AgentPlatform.Architecture.Tests.Support;

namespace AgentPlatform.Architecture.Tests.Namespaces;

/// <summary>Folder names say where a type lives: every namespace is AgentPlatform.&lt;Project&gt;.&lt;Folder&gt;...</summary>
public sealed class NamespaceTests
{
    [Fact]
    public void Every_namespace_in_product_code_matches_its_folder() => AssertNamespacesMatchFolders(Repository.ProductProjectFiles(), minimumFiles: 100);

    [Fact]
    public void Every_namespace_in_test_code_matches_its_folder() => AssertNamespacesMatchFolders(Repository.TestProjectFiles(), minimumFiles: 50);

    [Fact]
    public void Every_source_file_under_tests_belongs_to_a_test_project()
    {
        // A file left in a folder whose project moved away (a merge across a rename) compiles nowhere and its tests
        // silently stop running.
        var tests = Path.Combine(Repository.Root, "tests");
        var orphans = SourceFiles(tests)
            .Where(file => !Ancestors(Path.GetDirectoryName(file)!, tests).Any(dir => Directory.EnumerateFiles(dir, "*.csproj").Any()))
            .Select(Repository.Relative)
            .ToList();
        Assert.True(orphans.Count == 0, "in no project (move them into the project that now holds their neighbours):\n" + string.Join('\n', orphans));
    }

    private static void AssertNamespacesMatchFolders(IEnumerable<string> projectFiles, int minimumFiles)
    {
        var violations = new List<string>();
        var files = 0;
        foreach (var projectFile in projectFiles)
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
        Assert.True(files >= minimumFiles, $"only {files} source files found under {Repository.Root}");
        Assert.True(violations.Count == 0, $"{violations.Count} namespace(s) do not match their folder:\n" + string.Join('\n', violations));
    }

    private static IEnumerable<string> Ancestors(string dir, string stopAt)
    {
        for (var current = dir; current.Length > stopAt.Length && current.StartsWith(stopAt, StringComparison.Ordinal); current = Path.GetDirectoryName(current)!)
        {
            yield return current;
        }
    }

    private static IEnumerable<string> SourceFiles(string dir) =>
        Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(dir, f).Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin" or "node_modules"))
            .Order(StringComparer.Ordinal);
}
