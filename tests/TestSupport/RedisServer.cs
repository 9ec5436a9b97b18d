using System.Globalization;
using System.Net.Sockets;

namespace AgentPlatform.TestSupport;

/// <summary>
/// A real redis-server on 127.0.0.1 and a free port, no persistence, stopped by its process id.
/// Share one per test class or collection through a fixture.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private RedisServer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A StackExchange.Redis connection string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)},abortConnect=false";

    public static bool IsInstalled => File.Exists("/usr/bin/redis-server") || File.Exists("/usr/local/bin/redis-server");

    public static async Task<RedisServer> StartAsync()
    {
        var port = FreePort.Next();
        var exe = File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : "redis-server";
        // Foreground (no --daemonize) so the process we hold is redis itself and we stop it by its id.
        var child = ChildProcess.Start(exe,
            ["--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no",
             "--protected-mode", "yes", "--loglevel", "warning"]);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (child.HasExited) throw new InvalidOperationException("redis-server exited: " + child.Output);
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", port).ConfigureAwait(false);
                return new RedisServer(child, port);
            }
            catch (SocketException)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
        await child.DisposeAsync().ConfigureAwait(false);
        throw new TimeoutException("redis-server did not accept connections within 15 s");
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
