using System.Reflection;

namespace AgentPlatform.Architecture.Tests.Support;

/// <summary>The checkout the tests read: the folder holding AgentPlatform.sln, and its product projects.</summary>
public static class Repository
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    /// <summary>Every product project: a top-level folder holding a project file of the same name (tests/ and bench/ hold theirs deeper).</summary>
    public static IReadOnlyList<string> ProductProjectFiles() =>
        [.. Directory.EnumerateDirectories(Root)
            .Select(dir => Path.Combine(dir, Path.GetFileName(dir) + ".csproj"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)];

    /// <summary>Every project under tests/.</summary>
    public static IReadOnlyList<string> TestProjectFiles() =>
        [.. Directory.EnumerateDirectories(Path.Combine(Root, "tests"))
            .Select(dir => Path.Combine(dir, Path.GetFileName(dir) + ".csproj"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)];

    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string FindRoot() =>
        FindAbove(AppContext.BaseDirectory)
        ?? FindAbove(typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == "RepositoryRoot")?.Value)
        ?? throw new InvalidOperationException("AgentPlatform.sln not found above " + AppContext.BaseDirectory);

    private static string? FindAbove(string? start)
    {
        for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AgentPlatform.sln"))) return dir.FullName;
        }
        return null;
    }
}
