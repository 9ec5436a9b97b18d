namespace AgentPlatform.TestSupport;

/// <summary>Finds the repository root (the folder holding AgentPlatform.sln) from the test's base directory.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot() =>
        FindAbove(AppContext.BaseDirectory)
        // Build output may live outside the checkout (-p:ArtifactsPath=...): fall back to where this file was compiled from.
        ?? FindAbove(Path.GetDirectoryName(SourceFile()) ?? ".")
        ?? throw new InvalidOperationException("AgentPlatform.sln not found above " + AppContext.BaseDirectory);

    private static string? FindAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AgentPlatform.sln")))
            {
                return dir.FullName;
            }
        }
        return null;
    }

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
