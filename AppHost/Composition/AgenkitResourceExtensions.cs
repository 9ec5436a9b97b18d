using System.Security.Cryptography;
using System.Text;

namespace AgentPlatform.AppHost.Composition;

/// <summary>
/// The Relay's agenkit listener (docs/protocol/agenkit.md): a Unix socket under the data dir and a loopback TCP
/// port (base+20, or a free one with <c>--port-base 0</c>), passed as <c>Relay__Agenkit__*</c> and named in endpoints.json.
/// </summary>
public static class AgenkitResourceExtensions
{
    // sun_path holds 107 bytes and its terminator.
    private const int MaxSocketPath = 107;

    public static IResourceBuilder<ProjectResource> WithAgenkit(this IResourceBuilder<ProjectResource> relay, AgentPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(platform);
        // A local socket and port mean nothing to a deployed Relay; replicas would fight over one socket path.
        if (!relay.ApplicationBuilder.ExecutionContext.IsRunMode || platform.Options.Replicas.GetValueOrDefault(relay.Resource.Name, 1) > 1) return relay;
        // Beside the services' sequence (base+20, 5120 by default), so the services keep their documented ports.
        var port = new Configuration.ServicePorts(platform.Options.PortBase is { } b && b + 20 <= 65535 ? b + 20 : null).Next();
        var socket = SocketPath(platform.Options.DataDir);
        platform.State.Agenkit = ("unix://" + socket, "tcp://127.0.0.1:" + port.Invariant());
        return relay
            .WithEnvironment("Relay__Agenkit__UnixSocket", socket)
            .WithEnvironment("Relay__Agenkit__TcpPort", port.Invariant());
    }

    /// <summary>
    /// <c>&lt;data-dir&gt;/agenkit/relay.sock</c>; a data dir too deep for a socket path gets a short directory
    /// under the temp dir instead, named from the data dir so that it stays the same across runs.
    /// </summary>
    public static string SocketPath(string dataDir)
    {
        ArgumentNullException.ThrowIfNull(dataDir);
        var path = Path.Combine(Path.GetFullPath(dataDir), "agenkit", "relay.sock");
        if (Encoding.UTF8.GetByteCount(path) <= MaxSocketPath) return path;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDir))))[..12];
        return Path.Combine(Path.GetTempPath(), "agentplatform-" + hash, "relay.sock");
    }
}
