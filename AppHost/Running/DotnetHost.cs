namespace AgentPlatform.AppHost.Running;

/// <summary>The dotnet host that runs the services: the one running AppHost when possible, so SDK and runtime match.</summary>
internal static class DotnetHost
{
    private static readonly Lazy<string> LazyPath = new(Find);

    public static string Path => LazyPath.Value;

    private static string Find()
    {
        var self = Environment.ProcessPath;
        if (self is not null && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"), Combine(Environment.GetEnvironmentVariable("DOTNET_ROOT")) })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate)) return candidate;
        }
        return OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
    }

    private static string? Combine(string? root) =>
        string.IsNullOrEmpty(root) ? null : System.IO.Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
}
