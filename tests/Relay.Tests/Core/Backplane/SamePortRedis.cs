using System.Globalization;
using System.Net.Sockets;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Relay.Tests.Core.Backplane;

/// <summary>
/// A redis-server that can be killed (by its pid, as a crash) and started again on the same port, so clients keep
/// their connection string and must reconnect by themselves (TestSupport's RedisServer takes a new port each start).
/// </summary>
public sealed class SamePortRedis : IAsyncDisposable
{
    private ChildProcess? _process;

    public int Port { get; } = FreePort.Next();

    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)},abortConnect=false";

    public static async Task<SamePortRedis> StartAsync()
    {
        Assert.True(RedisServer.IsInstalled, "redis-server is installed by the test command");
        var redis = new SamePortRedis();
        await redis.StartAgainAsync();
        return redis;
    }

    public async Task StartAgainAsync()
    {
        var exe = File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : "redis-server";
        _process = ChildProcess.Start(exe,
            ["--bind", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no",
             "--protected-mode", "yes", "--loglevel", "warning"]);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException("redis-server exited: " + _process.Output);
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException("redis-server did not accept connections within 15 s");
    }

    public async Task KillAsync()
    {
        if (_process is null) return;
        _process.Kill();
        await _process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await _process.DisposeAsync();
        _process = null;
    }

    public ValueTask DisposeAsync() => _process?.DisposeAsync() ?? ValueTask.CompletedTask;
}
