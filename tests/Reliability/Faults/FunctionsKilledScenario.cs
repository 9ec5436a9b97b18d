using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Reliability.Load;
using AgentPlatform.Reliability.Suite;

namespace AgentPlatform.Reliability.Faults;

/// <summary>
/// The Functions worker killed (SIGKILL by the pid endpoints.json lists) under load, with one invocation held in
/// flight on purpose (the <c>tools</c> agent waiting for a REPLY); AppHost restarts Functions.
/// </summary>
public sealed class FunctionsKilledScenario : IReliabilityScenario
{
    private const string Fault = "Functions worker killed mid-invocation";
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(60);

    public string Dialect => "relay-functions";

    public string Kind => "fault";

    public string Name => "fault-functions-killed";

    public string Expectation =>
        "in-flight calls end with a retryable ERROR (no call hangs, none fails for good); every conversation client succeeds again " +
        "once AppHost has restarted Functions, and its next turn still sees every earlier turn; direct-mode and Web PubSub traffic unaffected";

    public async Task<ScenarioResult> RunAsync(SuiteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new ScenarioResult();
        var (platform, _) = await FaultPlatform.GetAsync(context, cancellationToken).ConfigureAwait(false);
        var relays = platform.Endpoints.Replicas["relay"];
        await using var load = await FaultPlatform.StartLoadAsync(context, platform, relays, relays[0], relays[^1], cancellationToken).ConfigureAwait(false);
        await using var held = await AgentSocketClient.ConnectAsync(PlatformLoad.AgentSocketUrl(relays[0]),
            new AgentSocketClientOptions { Token = platform.Endpoints.AgentSocketToken }, cancellationToken).ConfigureAwait(false);
        await using var invocation = held.InvokeAsync("tools", "held", cancellationToken).GetAsyncEnumerator(cancellationToken);
        // Run until the agent asks its question: from then on the invocation is in flight in the worker.
        while (await invocation.MoveNextAsync().ConfigureAwait(false) && invocation.Current is not RequestEvent)
        {
        }
        await Task.Delay(FaultPlatform.Steady(context), cancellationToken).ConfigureAwait(false);

        var t0 = DateTime.UtcNow;
        await FaultPlatform.KillAsync(platform, "functions").ConfigureAwait(false);
        var heldOutcome = await HeldOutcomeAsync(invocation).ConfigureAwait(false);
        var heldAt = DateTime.UtcNow - t0;
        var resumed = await FaultPlatform.AllResumedAsync(load, t0, "asp-conv", RecoveryLimit, cancellationToken).ConfigureAwait(false);
        await Task.Delay(FaultPlatform.Steady(context), cancellationToken).ConfigureAwait(false);
        await load.StopAsync().ConfigureAwait(false);

        var recorder = load.Recorder;
        var others = recorder.Outcomes.Count(o => !o.Ok && o.At >= t0 && !o.Stream.StartsWith("asp-conv", StringComparison.Ordinal));
        var lost = load.Wps!.Lost();
        var observed = $"held invocation: {heldOutcome} after {heldAt.TotalMilliseconds:F0} ms; conversations: {recorder.FailureSummary(t0, "asp-conv")}; " +
            (resumed is { } r ? $"all {load.Clients.Count(c => c.Stream.StartsWith("asp-conv", StringComparison.Ordinal))} conversation clients succeeded again after {(r - t0).TotalMilliseconds:F0} ms" : "conversations did not all succeed again") +
            $"; other traffic: {others} failed calls; history violations: {recorder.Violations.Count}";
        var passed = heldOutcome.EndsWith("retryable", StringComparison.Ordinal) && resumed is not null && recorder.Violations.Count == 0 && others == 0 && lost == 0;
        result.Faults.Add(new FaultRecord(Fault, Expectation, observed, resumed - t0, passed));
        result.Sent = load.Wps.Sent;
        result.Received = load.Wps.Acked - lost;
        result.Lost = lost;
        result.Duplicated = load.Wps.Duplicates;
        result.Notes.Add(load.Summary());
        foreach (var v in recorder.Violations.Take(5)) result.Notes.Add("violation: " + v);
        if (!passed) result.Fail(observed);
        return result;
    }

    /// <summary>How the held invocation ended: "CODE retryable", "CODE final", "completed" or "no end within 20 s".</summary>
    private static async Task<string> HeldOutcomeAsync(IAsyncEnumerator<InvocationEvent> invocation)
    {
        try
        {
            while (await invocation.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false))
            {
            }
            return "completed";
        }
        catch (AgentSocketException ex)
        {
            return ex.Code + (ex.Retryable ? " retryable" : " final");
        }
        catch (TimeoutException)
        {
            return "no end within 20 s";
        }
    }
}
