using System.Net;
using System.Net.Http.Headers;
using AgentPlatform.Agents;
using AgentPlatform.Functions.FunctionalTests.Agents;
using AgentPlatform.Functions.FunctionalTests.Hosting;
using AgentPlatform.Protocol.Functions;
using AgentPlatform.Protocol.MessagePack;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Functions.FunctionalTests.Steering;

/// <summary>POST /invoke/{agent}/{id}/steering (relay-functions.md, "Steering") against the real Functions app.</summary>
public sealed class SteeringRouteTests
{
    [Fact]
    public async Task Steering_reaches_the_running_invocation_of_that_connection_only()
    {
        using var folder = new TempFolder();
        await using var host = await FunctionsHost.StartAsync(FunctionsHost.SqliteSettings(folder.Path),
            b => b.Services.AddSingleton<IAgent, FirstSteeringAgent>());
        using var client = new InvokeClient(host.BaseAddress);
        var records = new List<FunctionRecord>();
        await foreach (var record in client.InvokeAsync(FirstSteeringAgent.AgentName, InvokeClient.Body("s1", "go", id: "inv-1", cid: "conn-1"),
            TestContext.Current.CancellationToken))
        {
            records.Add(record);
            if (record is ChunkRecord { Data.Kind: MsgPackValueKind.String })
            {
                using var wrong = await SteerAsync(client, "inv-1", new ReplyBody("conn-2", "s1", "Mallory"));
                Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
                using var taken = await SteerAsync(client, "inv-1", new ReplyBody("conn-1", "s1", MsgPackValue.Map(("to", "north"))));
                Assert.Equal(HttpStatusCode.Accepted, taken.StatusCode);
            }
        }
        Assert.Equal("north", Assert.IsType<ResultRecord>(records[^1]).Result!["to"].AsString());
    }

    [Fact]
    public async Task Steering_nobody_runs_is_404_and_a_malformed_body_400()
    {
        using var folder = new TempFolder();
        await using var host = await FunctionsHost.StartAsync(FunctionsHost.SqliteSettings(folder.Path));
        using var client = new InvokeClient(host.BaseAddress);
        using var missing = await SteerAsync(client, "nope", new ReplyBody("c", "s", 1));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var content = new ByteArrayContent([0x92, 0x01]);
        using var bad = await client.Http.PostAsync("invoke/echo/x/steering", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static async Task<HttpResponseMessage> SteerAsync(InvokeClient client, string id, ReplyBody body)
    {
        using var content = new ByteArrayContent(body.ToBytes()) { Headers = { ContentType = new MediaTypeHeaderValue(ReplyBody.ContentType) } };
        return await client.Http.PostAsync($"invoke/{FirstSteeringAgent.AgentName}/{id}/steering", content, TestContext.Current.CancellationToken);
    }
}
