using System.Runtime.CompilerServices;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Dashboard.FunctionalTests.Support;

/// <summary>
/// The repository root: RepoPaths when the build output lives inside the repo (the test command), else
/// the folder this source file was compiled from (builds with an ArtifactsPath outside the repo).
/// </summary>
public static class TestRepo
{
    private static readonly Lazy<string> LazyRoot = new(Find);

    public static string Root => LazyRoot.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        try
        {
            return RepoPaths.Root;
        }
        catch (InvalidOperationException)
        {
            for (var dir = new DirectoryInfo(Path.GetDirectoryName(SourceFile())!); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "AgentPlatform.sln"))) return dir.FullName;
            }
            throw;
        }
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
