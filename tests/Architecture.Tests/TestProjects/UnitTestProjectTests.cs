using AgentPlatform.Architecture.Tests.Graph;
using AgentPlatform.Architecture.Tests.Support;

namespace AgentPlatform.Architecture.Tests.TestProjects;

/// <summary>
/// Unit test projects (*.UnitTests, and this one) open no socket and start no process: they reach neither TestSupport
/// (free ports, child processes, redis-server) nor an in-memory server, directly or through another project.
/// </summary>
public sealed class UnitTestProjectTests
{
    public static TheoryData<string> UnitProjects() =>
    [
        .. Repository.TestProjectFiles()
            .Where(p => Path.GetFileNameWithoutExtension(p).EndsWith(".UnitTests", StringComparison.Ordinal) || Path.GetFileNameWithoutExtension(p) == "Architecture.Tests")
            .Select(Repository.Relative),
    ];

    [Fact]
    public void There_are_unit_test_projects() => Assert.True(UnitProjects().Count >= 7, string.Join(", ", UnitProjects().Select(r => r.Data)));

    [Theory]
    [MemberData(nameof(UnitProjects))]
    public void A_unit_test_project_reaches_neither_TestSupport_nor_TestHost(string project)
    {
        var violations = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(string Path, string Via)>([(Path.GetFullPath(Path.Combine(Repository.Root, project)), "")]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next.Path)) continue;
            var file = ProjectFile.Load(next.Path);
            var via = next.Via.Length == 0 ? file.Name : next.Via + " -> " + file.Name;
            if (file.Name == "TestSupport") violations.Add(via);
            violations.AddRange(file.PackageReferences.Where(TestDependencies.InMemoryServers.Contains).Select(p => via + " -> package " + p));
            // A conditional reference to a project that does not exist yet (Server) leads nowhere.
            foreach (var reference in file.ProjectReferencePaths().Where(File.Exists)) pending.Push((reference, via));
        }
        Assert.True(violations.Count == 0, string.Join("; ", violations));
    }

    [Fact]
    public void The_shared_test_props_add_neither_to_every_project()
    {
        var props = ProjectFile.Load(Path.Combine(Repository.Root, "tests", "Directory.Build.props"));
        Assert.DoesNotContain(props.ProjectReferences, p => p == "TestSupport");
        Assert.DoesNotContain(props.PackageReferences, TestDependencies.InMemoryServers.Contains);
    }
}
