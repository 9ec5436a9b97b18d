using System.Net;
using AgentPlatform.Agents;
using AgentPlatform.Functions.FunctionalTests.Contexts;
using AgentPlatform.Functions.FunctionalTests.Hosting;
using AgentPlatform.Functions.FunctionalTests.Steering;
using AgentPlatform.Protocol.Functions;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Functions.FunctionalTests.Agents;

/// <summary>With Redis, a reply or steering POSTed to any Functions instance reaches the instance whose invocation waits.</summary>
public sealed class CrossInstanceReplyTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task A_reply_to_another_instance_travels_over_redis()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.Server.ConnectionString,
            ["Functions:Registration:Enabled"] = "false",
        };
        await using var a = await FunctionsHost.StartAsync(settings);
        await using var b = await FunctionsHost.StartAsync(settings);
        using var clientA = new InvokeClient(a.BaseAddress);
        using var clientB = new InvokeClient(b.BaseAddress);
        var greeting = "";
        await foreach (var record in clientA.InvokeAsync("tools", InvokeClient.Body("s-x", "go", id: "i9", cid: "c9"), TestContext.Current.CancellationToken))
        {
            if (record is RequestRecord request)
            {
                using var accepted = await clientB.ReplyAsync("tools", "i9", request.Rid, new ReplyBody("c9", "s-x", "Lin"));
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            }
            if (record is ChunkRecord chunk) greeting = chunk.Data.AsString();
        }
        Assert.Equal("Hello, Lin!", greeting);
    }

    [Fact]
    public async Task Steering_posted_to_another_instance_travels_over_redis()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.Server.ConnectionString,
            ["Functions:Registration:Enabled"] = "false",
        };
        await using var a = await FunctionsHost.StartAsync(settings, b => b.Services.AddSingleton<IAgent, FirstSteeringAgent>());
        await using var b = await FunctionsHost.StartAsync(settings);
        using var clientA = new InvokeClient(a.BaseAddress);
        using var clientB = new InvokeClient(b.BaseAddress);
        FunctionRecord? last = null;
        await foreach (var record in clientA.InvokeAsync(FirstSteeringAgent.AgentName, InvokeClient.Body("s-y", "go", id: "i10", cid: "c10"),
            TestContext.Current.CancellationToken))
        {
            last = record;
            if (record is not ChunkRecord) continue;
            using var content = new ByteArrayContent(new ReplyBody("c10", "s-y", "east").ToBytes());
            using var accepted = await clientB.Http.PostAsync($"invoke/{FirstSteeringAgent.AgentName}/i10/steering", content, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }
        Assert.Equal("east", Assert.IsType<ResultRecord>(last).Result!.AsString());
    }
}
