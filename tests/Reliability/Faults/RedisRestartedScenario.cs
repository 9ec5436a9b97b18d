using AgentPlatform.Reliability.Suite;

namespace AgentPlatform.Reliability.Faults;

/// <summary>The platform's redis-server killed and started again on the same port under load.</summary>
public sealed class RedisRestartedScenario : IReliabilityScenario
{
    private const string Fault = "Redis stopped and started again";
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(60);

    public string Dialect => "platform";

    public string Kind => "fault";

    public string Name => "fault-redis-restarted";

    public string Expectation =>
        "while Redis is down, calls that need it fail with retryable errors (none hangs, none fails for good); once it is back the " +
        "backplane and the context store recover by themselves and every client succeeds again; no acknowledged Web PubSub group " +
        "message is lost (the proxy spreads the sender and the receiver over both replicas, so messages may cross the Redis backplane)";

    public async Task<ScenarioResult> RunAsync(SuiteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new ScenarioResult();
        var (platform, redis) = await FaultPlatform.GetAsync(context, cancellationToken).ConfigureAwait(false);
        var relays = platform.Endpoints.Replicas["relay"];
        await using var load = await FaultPlatform.StartLoadAsync(context, platform, relays, relays[0], relays[^1], cancellationToken).ConfigureAwait(false);
        await Task.Delay(FaultPlatform.Steady(context), cancellationToken).ConfigureAwait(false);

        var down = context.Options.Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(5);
        var t0 = DateTime.UtcNow;
        await redis.KillAsync().ConfigureAwait(false);
        await Task.Delay(down, cancellationToken).ConfigureAwait(false);
        await redis.StartAgainAsync().ConfigureAwait(false);
        var t1 = DateTime.UtcNow;
        var resumed = await FaultPlatform.AllResumedAsync(load, t1, "", RecoveryLimit, cancellationToken).ConfigureAwait(false);
        await Task.Delay(FaultPlatform.Steady(context), cancellationToken).ConfigureAwait(false);
        await load.StopAsync().ConfigureAwait(false);

        var wps = load.Wps!;
        var lost = wps.Lost();
        var observed = $"Redis down {(t1 - t0).TotalMilliseconds:F0} ms; failures: {load.Recorder.FailureSummary(t0)}; " +
            (resumed is { } r ? $"every client succeeded again {(r - t1).TotalMilliseconds:F0} ms after Redis was back" : "not every client succeeded again") +
            $"; Web PubSub: {wps.Acked} acked, {lost} acked-but-lost, {wps.Duplicates} duplicated; violations: {load.Recorder.Violations.Count}";
        var passed = resumed is not null && lost == 0 && load.Recorder.Violations.Count == 0;
        result.Faults.Add(new FaultRecord(Fault, Expectation, observed, resumed - t0, passed));
        result.Sent = wps.Sent;
        result.Received = wps.Acked - lost;
        result.Lost = lost;
        result.Duplicated = wps.Duplicates;
        result.Notes.Add(load.Summary());
        foreach (var v in load.Recorder.Violations.Take(5)) result.Notes.Add("violation: " + v);
        if (!passed) result.Fail(observed);
        return result;
    }
}
