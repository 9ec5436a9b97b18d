using AgentPlatform.FunctionsHost.Tests.Support;
using AgentPlatform.Protocol.Functions;

namespace AgentPlatform.FunctionsHost.Tests.FunctionsWorker;

/// <summary>Statelessness through the real worker: a conversation lives in the context store, not in any process.</summary>
public sealed class ConversationSurvivalTests
{
    [Fact]
    public async Task A_conversation_survives_killing_the_worker_and_then_the_host_between_turns()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDir = Path.Combine(Path.GetTempPath(), "fh-conv-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataDir);
        await using var chat = await PacedChatServer.StartAsync();
        var settings = FunctionsWorkerHost.Settings(dataDir, chat.Url);
        var session = "s-" + Guid.NewGuid().ToString("N");
        try
        {
            await using (var host = await HostedFunctions.StartAsync(HostedFunctions.FunctionsWorkerPath, settings))
            {
                Assert.Equal(1, await TurnAsync(host, session, "first", ct));
                var before = host.Supervisor.Current;
                host.Supervisor.KillWorker();
                await host.Supervisor.WaitReadyAsync(TimeSpan.FromSeconds(30), after: before);
                Assert.Equal(2, await TurnAsync(host, session, "second", ct));
            }
            await using (var host = await HostedFunctions.StartAsync(HostedFunctions.FunctionsWorkerPath, settings))
            {
                var records = await RecordClient.InvokeAllAsync(host.Http, "conversation", new InvokeRequestBody("c1", session, "t3", "third"), ct);
                var chunk = Assert.IsType<ChunkRecord>(records[0]).Data;
                Assert.Equal(3, chunk["turn"].AsInt64());
                Assert.Equal(["first", "second", "third"], chunk["history"].AsArray().Select(v => v.AsString()));
            }
        }
        finally
        {
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<long> TurnAsync(HostedFunctions host, string session, string said, CancellationToken ct)
    {
        var records = await RecordClient.InvokeAllAsync(host.Http, "conversation", new InvokeRequestBody("c1", session, "t-" + said, said), ct);
        return Assert.IsType<ResultRecord>(records[^1]).Result!["turn"].AsInt64();
    }
}
