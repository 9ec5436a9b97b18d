using AgentPlatform.Relay.Agenkit;
using AgentPlatform.Relay.Tests.Infrastructure;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace AgentPlatform.Relay.Tests.Agenkit;

/// <summary>A Relay with its agenkit listener on a fresh Unix socket path and a free TCP port.</summary>
public sealed class AgenkitRelay : IAsyncDisposable
{
    private AgenkitRelay(RelayHost host, string directory)
    {
        Host = host;
        Directory = directory;
    }

    public RelayHost Host { get; }

    /// <summary>The socket's directory (removed with the Relay).</summary>
    public string Directory { get; }

    public AgenkitListener Listener => Host.Get<AgenkitListener>();

    public string Unix => Listener.UnixEndpoint!;

    public string Tcp => Listener.TcpEndpoint!;

    public string SocketPath => Unix["unix://".Length..];

    /// <summary>A short fresh directory: socket paths must fit in 107 bytes.</summary>
    public static string NewDirectory() => Path.Combine(Path.GetTempPath(), "ak-" + Guid.NewGuid().ToString("N")[..10]);

    public static async Task<AgenkitRelay> StartAsync(PlatformFixture platform, Dictionary<string, string?>? settings = null, string? directory = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        directory ??= NewDirectory();
        var config = new Dictionary<string, string?>
        {
            ["Relay:Agenkit:UnixSocket"] = Path.Combine(directory, "relay.sock"),
            ["Relay:Agenkit:TcpPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AgentPlatform:Keys:Registry"] = PlatformFixture.RegistryKey,
        };
        foreach (var (k, v) in settings ?? []) config[k] = v;
        var host = await platform.StartRelayAsync(config, configure);
        return new AgenkitRelay(host, directory);
    }

    public static IEnumerable<string> Transports => ["unix", "tcp"];

    public string Endpoint(string transport) => transport == "unix" ? Unix : Tcp;

    public Task<AgenkitTestClient> ConnectAsync(string transport) => AgenkitTestClient.ConnectAsync(Endpoint(transport));

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
