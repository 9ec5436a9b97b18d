using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Reliability.Suite;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Reliability.Replicas;

/// <summary>
/// asp-v1 reliable session cut over between the two Relay replicas of a Redis composition (AppHost --redis,
/// --replicas relay=2), Options.Disconnects times: each round sends an INVOKE of echo, drops the socket before
/// reading the answer and resumes on the other replica; every answer must arrive exactly once.
/// </summary>
public sealed class AspV1ReplicaCutoverScenario : IReliabilityScenario
{
    public string Dialect => "asp-v1";

    public string Kind => "disconnects";

    public string Name => "asp-v1-replica-cutover";

    public string Expectation =>
        "a reliable session resumed on the other Relay replica after every forced disconnect: every invocation answered exactly once, none lost";

    public async Task<ScenarioResult> RunAsync(SuiteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new ScenarioResult();
        if (!RedisServer.IsInstalled) return result.Fail("redis-server is not installed");
        var redis = context.Own(await RedisServer.StartAsync().ConfigureAwait(false));
        var platform = await context.PlatformAsync("replicas", o =>
        {
            o.Redis = redis.ConnectionString;
            o.Replicas["relay"] = 2;
        }).ConfigureAwait(false);
        var replicas = platform.Endpoints.Replicas["relay"];
        if (replicas.Count < 2)
        {
            // Without endpoints.json's replicas field, the one URL is AppHost's proxy, which spreads connections over both.
            result.Notes.Add("endpoints.json lists one relay URL: each resume went through AppHost's proxy to either replica");
            replicas = [replicas[0], replicas[0]];
        }
        var rounds = context.Options.Quick ? Math.Min(20, context.Options.Disconnects) : context.Options.Disconnects;
        await using var client = new ReliableAspClient(platform.Endpoints.AgentSocketToken);
        await client.ConnectAsync(replicas[0], cancellationToken).ConfigureAwait(false);
        var completes = new Dictionary<string, int>(StringComparer.Ordinal);
        var streams = new Dictionary<string, int>(StringComparer.Ordinal);
        long sent = 0;
        for (var round = 0; round < rounds; round++)
        {
            var id = "cut-" + round.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await client.SendAsync(new InvokeFrame(id, "echo", MsgPackValue.From(id)), cancellationToken).ConfigureAwait(false);
            sent++;
            client.Drop();
            try
            {
                await client.ConnectAsync(replicas[(round + 1) % 2], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.Net.WebSockets.WebSocketException)
            {
                return Count(result.Fail($"round {round}: {ex.Message}"), sent, completes, streams, round, client.Replayed);
            }
            // Read until this round's COMPLETE (earlier answers may still come: they are counted too).
            while (!completes.ContainsKey(id))
            {
                if (await client.NextAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false) is not { } frame) break;
                if (frame is StreamFrame s) streams[s.Id] = streams.GetValueOrDefault(s.Id) + 1;
                if (frame is CompleteFrame c) completes[c.Id] = completes.GetValueOrDefault(c.Id) + 1;
                if (frame is ErrorFrame e) result.Notes.Add($"ERROR {e.Code} for {e.Id}");
            }
        }
        // Late duplicates would show up here.
        while (await client.NextAsync(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false) is { } late)
        {
            if (late is StreamFrame s) streams[s.Id] = streams.GetValueOrDefault(s.Id) + 1;
            if (late is CompleteFrame c) completes[c.Id] = completes.GetValueOrDefault(c.Id) + 1;
        }
        return Count(result, sent, completes, streams, rounds, client.Replayed);
    }

    private static ScenarioResult Count(ScenarioResult result, long sent, Dictionary<string, int> completes, Dictionary<string, int> streams, int disconnects,
        long replayed)
    {
        result.Disconnects = disconnects;
        result.Sent = sent;
        result.Received = completes.Count;
        result.Lost = sent - completes.Count;
        // Every answer is a frame the server numbered once: the same answer twice means the INVOKE itself was processed
        // twice (the documented limit for client frames processed in the last moments before a move), not a replayed frame.
        var twice = completes.Values.Sum(n => n - 1);
        // Duplicated: server frames that arrived again with a number the client already had (exactly-once broken).
        result.Duplicated = replayed;
        if (replayed > 0) result.Fail($"{replayed} server frames arrived twice");
        if (twice > 0) result.Notes.Add($"invocations run twice (client frame processed by both replicas, see docs/operations/scale-out.md): {twice}");
        if (result.Lost > 0) result.Fail($"{result.Lost} invocations never completed");
        _ = streams;
        return result;
    }
}
