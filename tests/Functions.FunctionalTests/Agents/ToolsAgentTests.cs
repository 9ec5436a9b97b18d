using System.Net;
using AgentPlatform.Functions.FunctionalTests.Hosting;
using AgentPlatform.Protocol.Functions;

namespace AgentPlatform.Functions.FunctionalTests.Agents;

public sealed class ToolsAgentTests
{
    [Fact]
    public async Task Pushes_tool_def_asks_through_request_and_uses_the_reply()
    {
        using var folder = new TempFolder();
        await using var host = await FunctionsHost.StartAsync(FunctionsHost.SqliteSettings(folder.Path));
        using var client = new InvokeClient(host.BaseAddress);
        var body = InvokeClient.Body("s1", "start", id: "inv-7", cid: "conn-1");
        var seen = new List<FunctionRecord>();
        await foreach (var record in client.InvokeAsync("tools", body, TestContext.Current.CancellationToken))
        {
            seen.Add(record);
            if (record is RequestRecord request)
            {
                Assert.Equal("question", request.RequestKind);
                Assert.Equal("What is your name?", request.Data["question"].AsString());
                // A reply for another connection does not complete it.
                using (var wrong = await client.ReplyAsync("tools", "inv-7", request.Rid, new ReplyBody("conn-2", "s1", "Mallory")))
                {
                    Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
                }
                using var accepted = await client.ReplyAsync("tools", "inv-7", request.Rid, new ReplyBody("conn-1", "s1", "Ada"));
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            }
        }
        Assert.Collection(seen,
            r => Assert.Equal("greet", Assert.Single(Assert.IsType<ToolDefRecord>(r).Tools).Name),
            r => Assert.IsType<RequestRecord>(r),
            r => Assert.Equal("Hello, Ada!", Assert.IsType<ChunkRecord>(r).Data.AsString()),
            r => Assert.Equal("Ada", Assert.IsType<ResultRecord>(r).Result!["name"].AsString()));
    }

    [Fact]
    public async Task A_reply_nobody_waits_for_is_404_and_a_malformed_one_400()
    {
        using var folder = new TempFolder();
        await using var host = await FunctionsHost.StartAsync(FunctionsHost.SqliteSettings(folder.Path));
        using var client = new InvokeClient(host.BaseAddress);
        using var missing = await client.ReplyAsync("tools", "nope", "r1", new ReplyBody("c", "s", 1));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var content = new ByteArrayContent([0xc1]);
        using var bad = await client.Http.PostAsync("invoke/tools/x/replies/r1", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
