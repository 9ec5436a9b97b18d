using System.Globalization;
using System.Net.Sockets;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Reliability.Faults;

/// <summary>
/// The fault platform's own redis-server on a fixed free port, so it can be stopped (killed by its pid, as a crash)
/// and started again on the same port: the services keep their connection string and must reconnect by themselves.
/// (TestSupport's RedisServer picks a new port each start, which would be a different fault.) It keeps an append-only
/// file fsynced on every write, as a production Redis holding state would: without persistence a restart empties the
/// context store, and the scenario would measure that configuration, not recovery.
/// </summary>
public sealed class RestartableRedis : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "agentplatform-redis-" + Guid.NewGuid().ToString("N")[..8]);
    private ChildProcess? _process;

    private RestartableRedis(int port) => Port = port;

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)},abortConnect=false";

    public int? ProcessId => _process?.Id;

    public static async Task<RestartableRedis> StartAsync()
    {
        var redis = new RestartableRedis(FreePort.Next());
        await redis.StartAgainAsync().ConfigureAwait(false);
        return redis;
    }

    /// <summary>Starts redis-server on <see cref="Port"/> and waits until it answers PING.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("redis-server is running");
        var exe = File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : "redis-server";
        Directory.CreateDirectory(_dir);
        _process = ChildProcess.Start(exe,
            ["--bind", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", _dir,
             "--protected-mode", "yes", "--loglevel", "warning"]);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException("redis-server exited: " + _process.Output);
            if (await PingsAsync().ConfigureAwait(false)) return;
            await Task.Delay(50).ConfigureAwait(false);
        }
        throw new TimeoutException("redis-server did not answer within 15 s");
    }

    /// <summary>Kills redis-server (SIGKILL: a crash; every acknowledged write is already in the append-only file) and waits for its exit.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        _process.Kill();
        await _process.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        await _process.DisposeAsync().ConfigureAwait(false);
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync().ConfigureAwait(false);
        _process = null;
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private async Task<bool> PingsAsync()
    {
        try
        {
            using var tcp = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await tcp.ConnectAsync("127.0.0.1", Port, timeout.Token).ConfigureAwait(false);
            var stream = tcp.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token).ConfigureAwait(false);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
            return read >= 5 && buffer[0] == (byte)'+';
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
