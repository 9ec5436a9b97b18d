using System.Globalization;
using System.Net.Sockets;
using System.Text;

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
                // The server answering must be the one we started, not another test's on a port it raced us to.
                var pid = await ReadProcessIdAsync(port).ConfigureAwait(false);
                if (pid == child.Id) return new RedisServer(child, port);
                await child.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"port {port} is served by another redis-server (pid {pid})");
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
        await child.DisposeAsync().ConfigureAwait(false);
        throw new TimeoutException("redis-server did not accept connections within 15 s");
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>Asks the server on <paramref name="port"/> for its <c>process_id</c> (INFO server).</summary>
    private static async Task<int> ReadProcessIdAsync(int port)
    {
        using var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await tcp.ConnectAsync("127.0.0.1", port, timeout.Token).ConfigureAwait(false);
        var stream = tcp.GetStream();
        await stream.WriteAsync("INFO server\r\n"u8.ToArray(), timeout.Token).ConfigureAwait(false);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
            if (read == 0) throw new IOException("redis closed the connection before answering INFO");
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            var all = text.ToString();
            var at = all.IndexOf("process_id:", StringComparison.Ordinal);
            var end = at < 0 ? -1 : all.IndexOf('\r', at);
            if (end > 0) return int.Parse(all.AsSpan(at + "process_id:".Length, end - at - "process_id:".Length), CultureInfo.InvariantCulture);
        }
    }
}
