using System.Diagnostics;
using System.Globalization;
using AgentPlatform.Reliability.Suite;

namespace AgentPlatform.Reliability.Limits;

/// <summary>
/// Slowloris against the platform AppHost starts: many sockets dribble header bytes to the Relay; each must be closed
/// at Relay:Limits:RequestHeadersTimeout (10 s) while a normal AgentChat client keeps being served.
/// </summary>
public sealed class SlowlorisScenario : IReliabilityScenario
{
    private static readonly TimeSpan HeaderDeadline = TimeSpan.FromSeconds(10);

    public string Dialect => "platform";

    public string Kind => "limits";

    public string Name => "limits-slowloris";

    public string Expectation =>
        "every socket dribbling header bytes is closed by the Relay within its 10 s header deadline (+5 s); a normal AgentChat client connecting meanwhile is served every time";

    public async Task<ScenarioResult> RunAsync(SuiteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new ScenarioResult();
        var platform = await context.PlatformAsync("default").ConfigureAwait(false);
        var relay = platform.Endpoints.Relay;
        var count = context.Options.Quick ? 50 : 200;
        var slow = Enumerable.Range(0, count).Select(_ => LimitsProbe.SlowlorisAsync(relay, HeaderDeadline * 2, cancellationToken)).ToList();
        var all = Task.WhenAll(slow);
        var probes = new List<TimeSpan?>();
        var watch = Stopwatch.StartNew();
        // A normal client every half second while the slow sockets are open (bounded: 60 probes).
        while (!all.IsCompleted && probes.Count < 60)
        {
            probes.Add(await LimitsProbe.ChatRoundTripAsync(relay, cancellationToken).ConfigureAwait(false));
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken)).ConfigureAwait(false);
        }
        var times = await all.ConfigureAwait(false);
        var closed = times.Where(t => t is not null).Select(t => t!.Value).ToList();
        var served = probes.Count(p => p is not null);
        result.Sent = count;
        result.Received = closed.Count;
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{count} slowloris sockets: {closed.Count} closed by the Relay after {Min(closed):F1}-{Max(closed):F1} s (header deadline {HeaderDeadline.TotalSeconds:F0} s)"));
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"normal AgentChat client meanwhile: {served}/{probes.Count} served, slowest {Max(probes.Where(p => p is not null).Select(p => p!.Value).ToList()) * 1000:F0} ms; run {watch.Elapsed.TotalSeconds:F1} s"));
        if (closed.Count != count) return result.Fail($"{count - closed.Count} slow sockets were still open after {HeaderDeadline.TotalSeconds * 2} s");
        if (closed.Any(t => t > HeaderDeadline + TimeSpan.FromSeconds(5))) return result.Fail("a slow socket outlived the header deadline by more than 5 s");
        if (served != probes.Count || probes.Count == 0) return result.Fail("the normal client was not served every time");
        return result;
    }

    private static double Min(List<TimeSpan> values) => values.Count == 0 ? 0 : values.Min().TotalSeconds;

    private static double Max(List<TimeSpan> values) => values.Count == 0 ? 0 : values.Max().TotalSeconds;
}
