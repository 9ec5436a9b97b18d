namespace AgentPlatform.Architecture.Tests.Graph;

/// <summary>What only tests may depend on: test packages and test assemblies, by name.</summary>
public static class TestDependencies
{
    public static readonly IReadOnlySet<string> Packages = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "xunit.v3", "xunit.runner.visualstudio", "Microsoft.NET.Test.Sdk", "Microsoft.AspNetCore.TestHost",
        "Microsoft.AspNetCore.Mvc.Testing", "Microsoft.Extensions.TimeProvider.Testing", "Aspire.Hosting.Testing",
        "FsCheck", "Microsoft.Playwright",
    };

    /// <summary>Packages that host an app in memory: what a unit test project must not reach.</summary>
    public static readonly IReadOnlySet<string> InMemoryServers = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.AspNetCore.TestHost", "Microsoft.AspNetCore.Mvc.Testing",
    };

    public static bool IsTestAssembly(string name) =>
        name.Equals("AgentPlatform.TestSupport", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".Tests", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".UnitTests", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".FunctionalTests", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("xunit", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Microsoft.AspNetCore.TestHost", StringComparison.OrdinalIgnoreCase);
}
