using System.Diagnostics;
using AgentPlatform.Reliability.Load;
using AgentPlatform.Reliability.Suite;

namespace AgentPlatform.Reliability.Soak;

/// <summary>
/// The bounded soak: mixed traffic on every dialect against the shared "default" platform for
/// <see cref="SuiteOptions.Soak"/> (quick 30 s, full 5 min, at most 30 min; loopback only), every service process
/// sampled every few seconds; passes when no request failed and <see cref="GrowthRule"/> holds for every process.
/// </summary>
public sealed class MixedSoakScenario : IReliabilityScenario
{
    public string Dialect => "platform";

    public string Kind => "soak";

    public string Name => "soak-mixed";

    public string Expectation =>
        "asp-v1 invokes (conversation, echo), Web PubSub acknowledged group sends, ACP prompts, AgentChat channel messages and agenkit " +
        "requests for the whole soak: no request fails, no acknowledged group message is lost, and nothing grows after warm-up: " + GrowthRule.Text;

    public async Task<ScenarioResult> RunAsync(SuiteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new ScenarioResult();
        var platform = await context.PlatformAsync("default").ConfigureAwait(false);
        var endpoints = platform.ReloadEndpoints();
        var duration = context.Options.Soak;
        var warmUp = duration / 4;
        var interval = TimeSpan.FromSeconds(Math.Clamp(duration.TotalSeconds / 60, 2, 10));
        var pause = TimeSpan.FromMilliseconds(50);
        var recorder = new LoadRecorder();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var relay = endpoints.Relay;
        var agentSocket = PlatformLoad.AgentSocketUrl(relay);
        AspLoadClient[] asp =
        [
            new("asp-conversation", agentSocket, endpoints.AgentSocketToken, "conversation", recorder),
            new("asp-echo", agentSocket, endpoints.AgentSocketToken, "echo", recorder),
        ];
        var wps = new WpsGroupLoad(relay, relay, endpoints.WebPubSubAccessKey, recorder);
        var acpUrl = new Uri(endpoints.Raw["acp"]?["url"]?.GetValue<string>() ?? throw new InvalidOperationException("endpoints.json names no acp url"));
        var acpToken = endpoints.Raw["acp"]?["token"]?.GetValue<string>() ?? endpoints.AgentSocketToken;
        var chatUrl = new Uri(endpoints.Raw["agentchat"]?["url"]?.GetValue<string>() ?? throw new InvalidOperationException("endpoints.json names no agentchat url"));
        var agenkit = endpoints.Raw["agenkit"]?["tcp"]?.GetValue<string>() ?? throw new InvalidOperationException("endpoints.json names no agenkit listener");

        List<Task> traffic = [.. asp.Select(c => c.RunAsync(pause, stop.Token)), wps.RunAsync(pause, stop.Token),
            Guard("acp", () => DialectLoops.AcpAsync(acpUrl, acpToken, recorder, pause, stop.Token)),
            Guard("agentchat", () => DialectLoops.AgentChatAsync(chatUrl, recorder, stop.Token)),
            Guard("agenkit", () => DialectLoops.AgenkitAsync(agenkit, recorder, pause, stop.Token))];

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            foreach (var (name, pid) in platform.ReloadEndpoints().ProcessIds.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (ProcessSampler.Sample(clock.Elapsed, name, pid) is { } sample) result.Samples.Add(sample);
                else result.Notes.Add($"{name} (pid {pid}) could not be sampled at {clock.Elapsed.TotalSeconds:F0} s");
            }
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(traffic).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ConfigureAwait(false);

        var perDialect = recorder.Outcomes.GroupBy(o => o.Stream, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count(o => o.Ok)} ok/{g.Count(o => !o.Ok)} failed");
        result.Notes.Add($"soak {duration.TotalSeconds:F0} s, warm-up {warmUp.TotalSeconds:F0} s, sampled every {interval.TotalSeconds:F0} s: " + string.Join(", ", perDialect));
        result.Sent = recorder.Outcomes.Count;
        result.Received = recorder.Successes;
        result.Lost = wps.Lost();
        result.Duplicated = wps.Duplicates;
        if (recorder.Failures > 0) result.Fail("requests failed: " + recorder.FailureSummary(DateTime.MinValue));
        foreach (var v in recorder.Violations.Take(5)) result.Fail(v);
        if (wps.Lost() > 0) result.Fail($"{wps.Lost()} acknowledged Web PubSub messages lost");
        foreach (var dialect in new[] { "asp-conversation", "asp-echo", "wps", "acp", "agentchat", "agenkit" })
        {
            if (!recorder.Outcomes.Any(o => o.Ok && o.Stream == dialect)) result.Fail($"no successful {dialect} request during the soak");
        }
        foreach (var breach in GrowthRule.Breaches(result.Samples, warmUp)) result.Fail("growth: " + breach);
        return result;

        Task Guard(string stream, Func<Task> loop) => Task.Run(async () =>
        {
            try
            {
                await loop().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A loop that cannot even start (connect, join) counts as a failed request, not a crashed suite.
                if (!stop.IsCancellationRequested) recorder.Failure(stream, "loop ended: " + ex.GetType().Name + ": " + ex.Message);
            }
        }, CancellationToken.None);
    }
}
