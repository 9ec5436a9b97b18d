using System.Net;
using AgentPlatform.Reliability.Load;
using AgentPlatform.Reliability.Suite;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Reliability.Faults;

/// <summary>The Registry killed (SIGKILL by its pid) under load; AppHost restarts it.</summary>
public sealed class RegistryKilledScenario : IReliabilityScenario
{
    private const string Fault = "Registry killed";
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(60);

    public string Dialect => "registry";

    public string Kind => "fault";

    public string Name => "fault-registry-killed";

    public string Expectation =>
        "routing continues from the Relay's cached view while the Registry is away (no call fails); after the restart the " +
        "registrations come back by heartbeat (Functions' agents and the direct-mode provider's agent listed again)";

    public async Task<ScenarioResult> RunAsync(SuiteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new ScenarioResult();
        var (platform, _) = await FaultPlatform.GetAsync(context, cancellationToken).ConfigureAwait(false);
        var relays = platform.Endpoints.Replicas["relay"];
        await using var load = await FaultPlatform.StartLoadAsync(context, platform, relays, relays[0], relays[^1], cancellationToken).ConfigureAwait(false);
        await Task.Delay(FaultPlatform.Steady(context), cancellationToken).ConfigureAwait(false);

        var before = platform.Endpoints.ProcessIds["registry"];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        // Only what the Registry listed before the kill has to come back.
        var directListedBefore = await ListedAsync(http, platform, PlatformLoad.DirectAgent, cancellationToken).ConfigureAwait(false) == true;
        var t0 = DateTime.UtcNow;
        await FaultPlatform.KillAsync(platform, "registry").ConfigureAwait(false);
        var restarted = await FaultPlatform.WhenAsync(async () => await ListedAsync(http, platform, "echo", cancellationToken).ConfigureAwait(false) is not null,
            RecoveryLimit, cancellationToken).ConfigureAwait(false);
        var outageFailures = load.Recorder.FailureSummary(t0);
        var failedDuringOutage = load.Recorder.Outcomes.Count(o => !o.Ok && o.At >= t0);
        // Heartbeats bring registrations back: Functions every 5 s by default; the Relay re-registers its providers.
        var listed = await FaultPlatform.WhenAsync(async () =>
            await ListedAsync(http, platform, "conversation", cancellationToken).ConfigureAwait(false) == true
            && (!directListedBefore || await ListedAsync(http, platform, PlatformLoad.DirectAgent, cancellationToken).ConfigureAwait(false) == true),
            RecoveryLimit, cancellationToken).ConfigureAwait(false);
        await Task.Delay(FaultPlatform.Steady(context), cancellationToken).ConfigureAwait(false);
        await load.StopAsync().ConfigureAwait(false);
        var after = platform.ReloadEndpoints().ProcessIds["registry"];
        var conversationBack = await ListedAsync(http, platform, "conversation", cancellationToken).ConfigureAwait(false) == true;
        var directBack = await ListedAsync(http, platform, PlatformLoad.DirectAgent, cancellationToken).ConfigureAwait(false) == true;

        var failedTotal = load.Recorder.Outcomes.Count(o => !o.Ok && o.At >= t0);
        var observed = $"Registry answering again after {(restarted - t0)?.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture) ?? "-"} ms (pid {before} -> {after}); " +
            $"calls during the outage: {(failedDuringOutage == 0 ? "none failed" : outageFailures)}; " +
            $"conversation listed again: {conversationBack}, {PlatformLoad.DirectAgent} listed before/after: {directListedBefore}/{directBack}" +
            (listed is { } l ? $" ({(l - t0).TotalMilliseconds:F0} ms after the kill)" : "");
        var passed = failedTotal == 0 && listed is not null && load.Wps!.Lost() == 0 && load.Recorder.Violations.Count == 0;
        result.Faults.Add(new FaultRecord(Fault, Expectation, observed, listed - t0, passed));
        result.Sent = load.Wps!.Sent;
        result.Lost = load.Wps.Lost();
        result.Duplicated = load.Wps.Duplicates;
        result.Notes.Add(load.Summary());
        foreach (var v in load.Recorder.Violations.Take(5)) result.Notes.Add("violation: " + v);
        if (!passed) result.Fail(observed);
        return result;
    }

    /// <summary>True when the Registry lists an instance of <paramref name="agent"/>, false when not, null when it does not answer.</summary>
    private static async Task<bool?> ListedAsync(HttpClient http, PlatformProcess platform, string agent, CancellationToken cancellationToken)
    {
        try
        {
            var registry = platform.ReloadEndpoints().Registry;
            using var response = await http.GetAsync(new Uri(registry, "/v1/agents/" + agent), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound) return false;
            if (!response.IsSuccessStatusCode) return null;
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return body.Contains("\"instances\":[{", StringComparison.Ordinal) || body.Contains("\"instances\": [{", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return null;
        }
    }
}
