using System.Globalization;
using AgentPlatform.AgentHost.Agenkit;
using AgentPlatform.Agents;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Client.Tests.Agenkit;

/// <summary>Starts LocalAgents on real sockets: a Unix socket in a private temp folder, or TCP on a free loopback port.</summary>
public static class AgenkitHosts
{
    public static readonly TheoryData<string> Transports = ["unix", "tcp"];

    /// <summary>A fresh short folder for socket files (a Unix socket path must stay under ~100 bytes).</summary>
    public static string NewSocketFolder() =>
        Path.Combine(Path.GetTempPath(), "ak-" + Random.Shared.Next().ToString("x8", CultureInfo.InvariantCulture));

    public static string NewEndpoint(string transport) => transport == "unix"
        ? "unix://" + Path.Combine(NewSocketFolder(), "agent.sock")
        : "tcp://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture);

    public static Task<LocalAgent> StartAsync(string transport, IEnumerable<IAgent> agents, Action<LocalAgentOptions>? configure = null)
    {
        var options = new LocalAgentOptions { Endpoint = NewEndpoint(transport) };
        configure?.Invoke(options);
        return LocalAgent.StartAsync(agents, options, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>Deletes a socket folder a test created (the LocalAgent removes the socket itself).</summary>
    public static void RemoveFolderOf(string endpoint)
    {
        if (!endpoint.StartsWith("unix://", StringComparison.Ordinal)) return;
        var folder = Path.GetDirectoryName(endpoint["unix://".Length..]);
        if (folder is not null && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
