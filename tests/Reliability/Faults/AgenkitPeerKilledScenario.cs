using System.Diagnostics;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Reliability.Load;
using AgentPlatform.Reliability.Suite;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Reliability.Faults;

/// <summary>
/// An agenkit peer (a LocalAgent in its own process, registered with the Relay's agenkit listener) killed while the
/// platform forwards a request to it. Runs on the shared "default" platform: AppHost gives the Relay an agenkit
/// listener only when it runs one replica, and only the suite's own peer process is killed.
/// </summary>
public sealed class AgenkitPeerKilledScenario : IReliabilityScenario
{
    private const string Fault = "agenkit peer killed mid-request";
    private static readonly TimeSpan PromptError = TimeSpan.FromSeconds(5);

    public string Dialect => "agenkit";

    public string Kind => "fault";

    public string Name => "fault-agenkit-peer-killed";

    public string Expectation =>
        $"the caller of the in-flight request gets a clear agenkit error within {PromptError.TotalSeconds:F0} s (not a hang until the request timeout); " +
        "other agents and their callers are unaffected; the agent is callable again once its process is restarted";

    public async Task<ScenarioResult> RunAsync(SuiteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new ScenarioResult();
        var platform = await context.PlatformAsync("default").ConfigureAwait(false);
        var registry = platform.Endpoints.Raw["agenkit"]?["tcp"]?.GetValue<string>();
        if (registry is null) return result.Fail("endpoints.json names no agenkit listener");
        var relay = platform.Endpoints.Relay;
        var endpoint = "tcp://127.0.0.1:" + FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var peer = await AgenkitPeerProcess.StartAsync(endpoint, registry).ConfigureAwait(false);
        context.Log.WriteLine($"  agenkit peer pid {peer.Process.Id} on {endpoint}");
        try
        {
            await using var caller = new RemoteAgent(AgenkitPeerProcess.AgentName, registry, new RemoteAgentOptions { MaxAttempts = 1, Timeout = TimeSpan.FromSeconds(30) });
            var (conversations, direct) = FaultPlatform.LoadSize(context);
            await using var load = await PlatformLoad.StartAsync(platform.Endpoints, [relay], relay, relay, relay, conversations, direct, cancellationToken).ConfigureAwait(false);
            var callable = await CallableAsync(caller, TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
            if (callable is null) return result.Fail("the peer's agent was never callable through the Relay");
            await Task.Delay(FaultPlatform.Steady(context), cancellationToken).ConfigureAwait(false);

            var inFlight = caller.ProcessAsync("slow:10000", cancellationToken);
            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            var t0 = DateTime.UtcNow;
            await peer.KillAsync().ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            string error;
            try
            {
                await inFlight.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
                error = "answered (the kill missed the request)";
            }
            catch (AgenkitRemoteException ex)
            {
                error = ex.Code + (ex.Retryable ? " (retryable)" : "");
            }
            catch (TimeoutException)
            {
                error = "no answer within 30 s";
            }
            var errorAfter = clock.Elapsed;

            await peer.DisposeAsync().ConfigureAwait(false);
            var restartAt = DateTime.UtcNow;
            peer = await AgenkitPeerProcess.StartAsync(endpoint, registry).ConfigureAwait(false);
            var again = await CallableAsync(caller, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            await Task.Delay(FaultPlatform.Steady(context), cancellationToken).ConfigureAwait(false);
            await load.StopAsync().ConfigureAwait(false);

            var others = load.Recorder.Outcomes.Count(o => !o.Ok && o.At >= t0);
            var clear = errorAfter <= PromptError && !error.StartsWith("answered", StringComparison.Ordinal) && !error.StartsWith("no answer", StringComparison.Ordinal);
            var observed = $"in-flight request: {error} after {errorAfter.TotalMilliseconds:F0} ms; other agents' calls after the kill: " +
                $"{(others == 0 ? "none failed" : load.Recorder.FailureSummary(t0))}; " +
                (again is { } a ? $"callable again {(a - restartAt).TotalMilliseconds:F0} ms after the restart began" : "not callable again within 30 s of the restart");
            var passed = clear && others == 0 && again is not null && load.Recorder.Violations.Count == 0;
            result.Faults.Add(new FaultRecord(Fault, Expectation, observed, again - t0, passed));
            result.Notes.Add(load.Summary());
            if (!passed) result.Fail(observed);
            return result;
        }
        finally
        {
            await peer.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>When a call through the Relay first succeeds, polling until <paramref name="timeout"/>; null if never.</summary>
    private static Task<DateTime?> CallableAsync(RemoteAgent caller, TimeSpan timeout, CancellationToken cancellationToken) =>
        FaultPlatform.WhenAsync(async () =>
        {
            try
            {
                var answer = await caller.ProcessAsync("ping", cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                return answer.ContentText == "ping";
            }
            catch (Exception ex) when (ex is AgenkitRemoteException or TimeoutException or IOException)
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
                return false;
            }
        }, timeout, cancellationToken);
}
