using AgentPlatform.Client.Registry;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Registry.FunctionalTests.Infrastructure;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Registry.FunctionalTests.Contract;

/// <summary>The .NET client's watch survives a Registry restart and resumes from its cursor without a gap.</summary>
public sealed class ClientResumeTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task The_client_watch_reconnects_after_a_restart_and_receives_what_happened_meanwhile()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.Server.ConnectionString,
            ["Registry:RedisPrefix"] = "resume" + Guid.NewGuid().ToString("N")[..8],
        };
        var port = FreePort.Next();
        var registration = new AgentRegistration { Endpoint = "http://127.0.0.1:1", Protocol = "asp-v1", Mode = "relay" };
        await using var other = await RegistryHost.StartAsync(settings);
        var first = await RegistryHost.StartAsync(settings, port: port);
        using var http = new HttpClient { BaseAddress = first.BaseAddress };
        var watcher = new RegistryClient(http) { WatchReconnectDelay = TimeSpan.FromMilliseconds(200) };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var events = watcher.WatchAsync(ct: cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal(WatchEventTypes.Snapshot, events.Current.Type);
        await other.Client.RegisterAsync("echo", "a1", registration);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal((WatchEventTypes.Added, 1L), (events.Current.Type, events.Current.Cursor));

        // The watched replica goes away; the fleet keeps changing through the other one.
        await first.DisposeAsync();
        await other.Client.RegisterAsync("echo", "a2", registration);
        await other.Client.RegisterAsync("echo", "a3", registration);
        await other.Client.DeregisterAsync("echo", "a1");
        await using var restarted = await RegistryHost.StartAsync(settings, port: port);

        var seen = new List<(string, long, string)>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await events.MoveNextAsync());
            seen.Add((events.Current.Type, events.Current.Cursor, events.Current.Instance!.InstanceId));
        }
        Assert.Equal([(WatchEventTypes.Added, 2L, "a2"), (WatchEventTypes.Added, 3L, "a3"), (WatchEventTypes.Removed, 4L, "a1")], seen);
    }
}
