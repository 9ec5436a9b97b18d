using AgentPlatform.Reliability.Suite;

namespace AgentPlatform.Reliability.Faults;

/// <summary>
/// The second Relay replica killed (SIGKILL by its pid) under load. Replicas share one URL (Aspire's proxy spreads
/// connections over them), so the clients that were on the killed replica are the ones whose connection dropped; their
/// SDK reconnects to the same URL and lands on the surviving replica (or on the restarted one). Whether their reliable
/// sessions resume there (same session, nothing in flight lost) depends on the replay state living where every replica
/// can reach it. Measured and reported as observed.
/// </summary>
public sealed class RelayReplicaKilledScenario : IReliabilityScenario
{
    private const string Fault = "one Relay replica killed";
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(60);

    public string Dialect => "asp-v1";

    public string Kind => "fault";

    public string Name => "fault-relay-replica-killed";

    public string Expectation =>
        "clients of the killed replica resume their reliable sessions (same session, conversation intact, nothing lost) and succeed " +
        "again; clients of the other replica and the Web PubSub pair on it notice nothing";

    public async Task<ScenarioResult> RunAsync(SuiteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new ScenarioResult();
        var (platform, _) = await FaultPlatform.GetAsync(context, cancellationToken).ConfigureAwait(false);
        var relays = platform.Endpoints.Replicas["relay"];
        if (!platform.Endpoints.ProcessIds.ContainsKey("relay-2")) return result.Fail("the fault platform has one Relay replica");
        await using var load = await FaultPlatform.StartLoadAsync(context, platform, relays, relays[0], relays[0], cancellationToken).ConfigureAwait(false);
        await Task.Delay(FaultPlatform.Steady(context), cancellationToken).ConfigureAwait(false);

        var before = load.Clients.ToDictionary(c => c.Stream, c => (c.TotalReconnects, c.SessionsLost), StringComparer.Ordinal);
        var t0 = DateTime.UtcNow;
        await FaultPlatform.KillAsync(platform, "relay-2").ConfigureAwait(false);
        var resumed = await FaultPlatform.AllResumedAsync(load, t0, "asp-", RecoveryLimit, cancellationToken).ConfigureAwait(false);
        await Task.Delay(FaultPlatform.Steady(context), cancellationToken).ConfigureAwait(false);
        await load.StopAsync().ConfigureAwait(false);

        var recorder = load.Recorder;
        // The killed replica's clients: their connection dropped (a reconnect or a new session) or a call failed.
        var victims = load.Clients.Where(c => c.TotalReconnects > before[c.Stream].TotalReconnects || c.SessionsLost > before[c.Stream].SessionsLost
            || recorder.Outcomes.Any(o => !o.Ok && o.At >= t0 && o.Stream == c.Stream)).ToList();
        var sessionsLost = victims.Count(c => c.SessionsLost > before[c.Stream].SessionsLost);
        var firsts = victims.Select(v => recorder.Outcomes.Where(o => o.Ok && o.At >= t0 && o.Stream == v.Stream).Select(o => (DateTime?)o.At).Min()).ToList();
        var observed = $"{victims.Count} of {load.Clients.Count} asp-v1 clients were on the killed replica: failures {recorder.FailureSummary(t0, "asp-")}; " +
            (firsts.Count > 0 && firsts.All(f => f is not null) ? $"each succeeded again after {firsts.Min(f => (f!.Value - t0).TotalMilliseconds):F0}-{firsts.Max(f => (f!.Value - t0).TotalMilliseconds):F0} ms; " : "") +
            (resumed is { } r ? $"all clients succeeding again after {(r - t0).TotalMilliseconds:F0} ms" : "not every client succeeded again") +
            $"; sessions resumed {victims.Count - sessionsLost}, started afresh (RESUME_FAILED) {sessionsLost}; Web PubSub: {load.Recorder.FailureSummary(t0, "wps")}; violations: {recorder.Violations.Count}";
        var passed = victims.Count > 0 && resumed is not null && sessionsLost == 0 && recorder.Violations.Count == 0 && load.Wps!.Lost() == 0;
        result.Faults.Add(new FaultRecord(Fault, Expectation, observed, resumed - t0, passed));
        result.Sent = load.Wps!.Sent;
        result.Lost = load.Wps.Lost();
        result.Duplicated = load.Wps.Duplicates;
        result.Notes.Add(load.Summary());
        foreach (var v in recorder.Violations.Take(5)) result.Notes.Add("violation: " + v);
        if (!passed) result.Fail(observed);
        return result;
    }
}
