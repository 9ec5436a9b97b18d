using System.Text.Json;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Registry.FunctionalTests.Infrastructure;

namespace AgentPlatform.Registry.FunctionalTests.Contract;

/// <summary>Two Registry apps on one Redis serve one view and one ordered watch stream.</summary>
public sealed class TwoReplicaTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task A_write_on_one_replica_shows_up_in_the_watch_and_reads_of_the_other()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.Server.ConnectionString,
            ["Registry:RedisPrefix"] = "two" + Guid.NewGuid().ToString("N")[..8],
        };
        await using var a = await RegistryHost.StartAsync(settings);
        await using var b = await RegistryHost.StartAsync(settings);
        await using var watchB = await SseReader.OpenAsync(b.Http, "/v1/watch");
        Assert.Equal("snapshot", (await watchB.NextAsync()).Type);

        await a.Client.RegisterAsync("echo", "on-a", new AgentRegistration { Endpoint = "http://127.0.0.1:1", Protocol = "asp-v1", Mode = "relay" });
        var added = await watchB.NextAsync();
        Assert.Equal(("1", "added"), (added.Id, added.Type));
        Assert.Equal("on-a", JsonSerializer.Deserialize(added.Data, RegistryJsonContext.Default.AgentInstance)!.InstanceId);
        Assert.Equal("on-a", Assert.Single((await b.Client.GetAsync("echo"))!.Instances).InstanceId);

        // The other direction, and one sequence across replicas: a watcher of A resumes a cursor B handed out.
        Assert.True(await b.Client.HeartbeatAsync("echo", "on-a"));
        Assert.True(await b.Client.DeregisterAsync("echo", "on-a"));
        var removed = await watchB.NextAsync();
        Assert.Equal(("2", "removed"), (removed.Id, removed.Type));
        await using var resumeOnA = await SseReader.OpenAsync(a.Http, "/v1/watch", lastEventId: "1");
        var replay = await resumeOnA.NextAsync();
        Assert.Equal(("2", "removed"), (replay.Id, replay.Type));
        Assert.Null(await a.Client.GetAsync("echo"));
    }
}
