using System.Globalization;
using System.Text.Json.Nodes;
using AgentPlatform.Reliability.Proxy;
using AgentPlatform.Reliability.Suite;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Reliability.Disconnects;

/// <summary>
/// Web PubSub's reliable subprotocol (<c>json.reliable.webpubsub.azure.v1</c>) with the official npm client
/// (tests/Reliability/node/webpubsub-disconnects.mjs): a sender client sends numbered messages to a group; the
/// receiver, a reliable client in that group, goes through <see cref="CuttingProxy"/>, which cuts its connection
/// (RST and FIN alternating) whenever it is up again. The receiver must recover each time and see every message once.
/// </summary>
public sealed class WebPubSubReliableDisconnects : IReliabilityScenario
{
    private const int Seed = 29;
    private const string Script = "tests/Reliability/node/webpubsub-disconnects.mjs";

    public string Dialect => "web-pubsub";

    public string Kind => "disconnects";

    public string Name => "web-pubsub-reliable-disconnects";

    public string Expectation => "the reliable client recovers every forced disconnect of its connection and receives every group message exactly once, in order";

    public async Task<ScenarioResult> RunAsync(SuiteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var platform = await DisconnectPlatform.GetAsync(context).ConfigureAwait(false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var endpoints = platform.Endpoints;
        var endpoint = endpoints.WebPubSubEndpoint ?? throw new InvalidOperationException("endpoints.json has no Web PubSub connection string");
        await using var proxy = CuttingProxy.Start(endpoint);
        string[] args =
        [
            "--endpoint", endpoint.GetLeftPart(UriPartial.Authority), "--key", endpoints.WebPubSubAccessKey,
            "--proxy", "http://127.0.0.1:" + proxy.Port.ToString(CultureInfo.InvariantCulture), "--hub", "disconnects",
        ];
        await using var node = NodeScript.Start(Script, args);
        await node.WaitForLineAsync(l => l == "READY", TimeSpan.FromSeconds(60)).ConfigureAwait(false);

        var target = context.Options.Disconnects;
        var random = new Random(Seed);
        var cuts = 0;
        var stuck = 0;
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (cuts < target && DateTime.UtcNow < until && !node.HasExited)
        {
            // Cut only a connection that is up again (the client recovered), after it carried messages for a moment.
            var waitUntil = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (proxy.Live == 0 && DateTime.UtcNow < waitUntil) await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            if (proxy.Live == 0)
            {
                stuck++;
                break;
            }
            await Task.Delay(random.Next(20, 80), cancellationToken).ConfigureAwait(false);
            if (proxy.Cut(cuts % 2 == 0 ? CutMode.Reset : CutMode.Fin) > 0) cuts++;
        }
        if (!node.HasExited) await node.WriteLineAsync("STOP").ConfigureAwait(false);
        var line = await node.WaitForLineAsync(l => l.StartsWith('{'), TimeSpan.FromSeconds(90)).ConfigureAwait(false);
        var counts = JsonNode.Parse(line)!.AsObject();
        long Count(string name) => counts[name]?.GetValue<long>() ?? 0;

        var result = new ScenarioResult
        {
            Disconnects = cuts,
            Sent = Count("sent"),
            Received = Count("received"),
            Lost = Count("lost"),
            Duplicated = Count("duplicated"),
        };
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{cuts} cuts of the receiver (RST/FIN alternating, seed {Seed}); {proxy.Accepted} TCP connections; client events: connected {Count("connected")}, disconnected {Count("disconnected")}; send errors {Count("sendErrors")}; {clock.Elapsed.TotalSeconds:F1} s once the platform was up"));
        if (stuck > 0) result.Fail("the receiver did not reconnect within 10 s after a cut");
        if (cuts < target) result.Fail(string.Create(CultureInfo.InvariantCulture, $"only {cuts} of {target} disconnects were made"));
        if (counts["stopped"]?.GetValue<bool>() == true) result.Fail("the receiver gave up (stopped)");
        if (result.Sent == 0) result.Fail("nothing was sent");
        if (result.Lost > 0) result.Fail($"{result.Lost} lost, first: {counts["firstLost"]?.ToJsonString()}");
        if (result.Duplicated > 0) result.Fail($"{result.Duplicated} duplicated copies, first: {counts["firstDuplicated"]?.ToJsonString()}");
        if (Count("outOfOrder") > 0) result.Fail(string.Create(CultureInfo.InvariantCulture, $"{Count("outOfOrder")} messages out of order"));
        return result;
    }
}
