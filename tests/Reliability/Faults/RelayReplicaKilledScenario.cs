using AgentPlatform.Reliability.Suite;

namespace AgentPlatform.Reliability.Faults;

/// <summary>
/// The second Relay replica killed (SIGKILL by its pid) under load, half the asp-v1 clients connected to it. The SDK
/// reconnects to the URL it was given, so its clients come back on that replica once AppHost has restarted it, unless
/// the platform moves them; whether their reliable sessions resume (same session, nothing in flight lost) depends on
/// the replay state living where every replica can reach it. Measured and reported as observed.
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
        if (relays.Count < 2) return result.Fail("the fault platform has one Relay replica");
        // Web PubSub on the surviving replica only: this fault is about the killed replica's asp-v1 clients.
        await using var load = await FaultPlatform.StartLoadAsync(context, platform, relays, relays[0], relays[0], cancellationToken).ConfigureAwait(false);
        await Task.Delay(FaultPlatform.Steady(context), cancellationToken).ConfigureAwait(false);

        var victims = load.Clients.Where(c => c.Stream.Contains("-2-", StringComparison.Ordinal)).ToList();
        var sessionsBefore = victims.Sum(c => c.SessionsLost);
        var t0 = DateTime.UtcNow;
        await FaultPlatform.KillAsync(platform, "relay-2").ConfigureAwait(false);
        var first = await FaultPlatform.WhenAsync(() => Task.FromResult(victims.Any(v => load.Recorder.FirstSuccessAfter(t0, v.Stream) is not null)),
            RecoveryLimit, cancellationToken).ConfigureAwait(false);
        var resumed = await FaultPlatform.AllResumedAsync(load, t0, "asp-", RecoveryLimit, cancellationToken).ConfigureAwait(false);
        await Task.Delay(FaultPlatform.Steady(context), cancellationToken).ConfigureAwait(false);
        await load.StopAsync().ConfigureAwait(false);

        var recorder = load.Recorder;
        var sessionsLost = victims.Sum(c => c.SessionsLost) - sessionsBefore;
        var survivors = recorder.Outcomes.Count(o => !o.Ok && o.At >= t0 && (o.Stream.Contains("-1-", StringComparison.Ordinal) || o.Stream == "wps"));
        var observed = $"{victims.Count} clients on replica 2: failures {recorder.FailureSummary(t0, "asp-")}; " +
            (first is { } f ? $"first success again after {(f - t0).TotalMilliseconds:F0} ms, " : "none succeeded again, ") +
            (resumed is { } r ? $"all after {(r - t0).TotalMilliseconds:F0} ms" : "not all succeeded again") +
            $" (reconnecting to replica 2's URL, restarted by AppHost); sessions that could not be resumed: {sessionsLost} of {victims.Count}; " +
            $"replica 1's clients: {survivors} failed calls; violations: {recorder.Violations.Count}";
        var passed = resumed is not null && sessionsLost == 0 && survivors == 0 && recorder.Violations.Count == 0 && load.Wps!.Lost() == 0;
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
