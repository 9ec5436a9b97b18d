using AgentPlatform.Functions.FunctionalTests.Contexts;
using AgentPlatform.Functions.FunctionalTests.Hosting;
using AgentPlatform.Protocol.Functions;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Functions.FunctionalTests.Agents;

public sealed class ConversationAgentTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task A_conversation_continues_across_two_separate_Functions_instances_over_one_store()
    {
        using var folder = new TempFolder();
        var session = "s-" + Guid.NewGuid();
        await using (var first = await FunctionsHost.StartAsync(FunctionsHost.SqliteSettings(folder.Path)))
        {
            using var client = new InvokeClient(first.BaseAddress);
            await TurnAsync(client, session, "hello", expectedTurn: 1);
            await TurnAsync(client, session, "my name is Ada", expectedTurn: 2);
        }
        // The first process is gone; a new one over the same file must know the whole conversation.
        await using var second = await FunctionsHost.StartAsync(FunctionsHost.SqliteSettings(folder.Path));
        using var client2 = new InvokeClient(second.BaseAddress);
        var chunk = await TurnAsync(client2, session, "what did I say?", expectedTurn: 3);
        Assert.Equal(["hello", "my name is Ada", "what did I say?"], chunk["history"].AsArray().Select(v => v.AsString()));
    }

    [Fact]
    public async Task Sessions_are_separate()
    {
        using var folder = new TempFolder();
        await using var host = await FunctionsHost.StartAsync(FunctionsHost.SqliteSettings(folder.Path));
        using var client = new InvokeClient(host.BaseAddress);
        await TurnAsync(client, "a-" + Guid.NewGuid(), "one", 1);
        await TurnAsync(client, "b-" + Guid.NewGuid(), "other", 1);
    }

    [Fact]
    public async Task Concurrent_turns_of_one_session_lose_no_update_on_sqlite_with_two_instances()
    {
        using var folder = new TempFolder();
        await using var a = await FunctionsHost.StartAsync(FunctionsHost.SqliteSettings(folder.Path));
        await using var b = await FunctionsHost.StartAsync(FunctionsHost.SqliteSettings(folder.Path));
        await ConcurrentTurnsAsync(a, b);
    }

    [Fact]
    public async Task Concurrent_turns_of_one_session_lose_no_update_on_redis_with_two_instances()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.Server.ConnectionString,
            ["Functions:Registration:Enabled"] = "false",
        };
        await using var a = await FunctionsHost.StartAsync(settings);
        await using var b = await FunctionsHost.StartAsync(settings);
        await ConcurrentTurnsAsync(a, b);
    }

    private static async Task ConcurrentTurnsAsync(FunctionsHost a, FunctionsHost b)
    {
        var session = "s-" + Guid.NewGuid();
        using var clientA = new InvokeClient(a.BaseAddress);
        using var clientB = new InvokeClient(b.BaseAddress);
        const int Turns = 24;
        var results = await Task.WhenAll(Enumerable.Range(0, Turns).Select(i => Task.Run(async () =>
        {
            var client = i % 2 == 0 ? clientA : clientB;
            var records = await client.InvokeAllAsync("conversation", InvokeClient.Body(session, "m" + i, id: "i" + i));
            Assert.True(records[^1] is ResultRecord, records[^1].ToString());
            return (ResultRecord)records[^1];
        })));
        Assert.Equal(Turns, results.Length);
        var last = await TurnAsync(clientA, session, "final", Turns + 1);
        var history = last["history"].AsArray().Select(v => v.AsString()).ToList();
        Assert.Equal(Turns + 1, history.Count);
        Assert.Equal(Enumerable.Range(0, Turns).Select(i => "m" + i).Order(), history.Take(Turns).Order());
    }

    private static async Task<MsgPackValue> TurnAsync(InvokeClient client, string session, string said, long expectedTurn)
    {
        var records = await client.InvokeAllAsync("conversation", InvokeClient.Body(session, said), TestContext.Current.CancellationToken);
        Assert.Equal(2, records.Count);
        var chunk = Assert.IsType<ChunkRecord>(records[0]).Data;
        Assert.Equal(expectedTurn, chunk["turn"].AsInt64());
        Assert.Equal(said, chunk["said"].AsString());
        var result = Assert.IsType<ResultRecord>(records[1]);
        Assert.Equal(expectedTurn, result.Result!["turn"].AsInt64());
        return chunk;
    }
}
