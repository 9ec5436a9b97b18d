using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace AgentPlatform.Architecture.Tests.Graph;

/// <summary>
/// The compiled assemblies this project references (the libraries), by their metadata: what the compiler actually
/// linked, which can only be less than the project file allows, never more.
/// </summary>
public sealed class CompiledReferenceTests
{
    private const string Prefix = "AgentPlatform.";

    /// <summary>Product assemblies next to this test assembly, by project name.</summary>
    private static Dictionary<string, string> Built() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, Prefix + "*.dll")
            .Select(path => (Project: Path.GetFileNameWithoutExtension(path)[Prefix.Length..], Path: path))
            .Where(a => ReferenceTable.For(a.Project) is not null)
            .ToDictionary(a => a.Project, a => a.Path, StringComparer.Ordinal);

    private static List<string> ReferencesOf(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var metadata = pe.GetMetadataReader();
        return [.. metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void The_libraries_are_built_beside_the_tests()
    {
        var built = Built();
        Assert.All(new[] { "Protocol", "Agents", "Client", "AgentHost", "ServiceDefaults" }, p => Assert.True(built.ContainsKey(p), p + " is not in the test output"));
    }

    [Fact]
    public void Compiled_references_between_product_assemblies_stay_inside_the_table()
    {
        var violations = new List<string>();
        foreach (var (project, path) in Built())
        {
            var allowed = ReferenceTable.For(project)!.Allowed.Select(p => Prefix + p).ToHashSet(StringComparer.Ordinal);
            var platform = ReferencesOf(path).Where(r => r.StartsWith(Prefix, StringComparison.Ordinal)).ToList();
            violations.AddRange(platform.Where(r => !allowed.Contains(r)).Select(r => $"{Prefix}{project} -> {r}"));
        }
        Assert.True(violations.Count == 0, "not in ReferenceTable: " + string.Join("; ", violations));
    }

    [Fact]
    public void No_product_assembly_links_a_test_assembly()
    {
        var violations = Built().SelectMany(a => ReferencesOf(a.Value).Where(TestDependencies.IsTestAssembly).Select(r => $"{Prefix}{a.Key} -> {r}")).ToList();
        Assert.True(violations.Count == 0, string.Join("; ", violations));
    }

    [Fact]
    public void Protocol_links_nothing_but_the_runtime()
    {
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var outside = ReferencesOf(Built()["Protocol"]).Where(r => !File.Exists(Path.Combine(runtime, r + ".dll"))).ToList();
        Assert.True(outside.Count == 0, "AgentPlatform.Protocol links assemblies outside Microsoft.NETCore.App: " + string.Join(", ", outside));
    }

    [Fact]
    public void Client_links_no_ASP_NET_Core_assembly()
    {
        var aspNet = ReferencesOf(Built()["Client"]).Where(r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)).ToList();
        Assert.True(aspNet.Count == 0, "AgentPlatform.Client links " + string.Join(", ", aspNet));
    }
}
