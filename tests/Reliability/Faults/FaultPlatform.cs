using System.Diagnostics;
using System.Runtime.CompilerServices;
using AgentPlatform.Reliability.Load;
using AgentPlatform.Reliability.Suite;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Reliability.Faults;

/// <summary>
/// What the fault scenarios share: one platform ("faults") with the suite's own redis-server and two Relay replicas,
/// health checks between faults (a fault scenario leaves the platform restarted, not necessarily healthy yet), the
/// load sizes per mode, and killing a listed process by its pid.
/// </summary>
public static class FaultPlatform
{
    public const string Name = "faults";
    private static readonly ConditionalWeakTable<SuiteContext, Task<RestartableRedis>> Redis = [];

    /// <summary>The fault platform and its redis-server, started once per suite run.</summary>
    public static async Task<(PlatformProcess Platform, RestartableRedis Redis)> GetAsync(SuiteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var redis = await Redis.GetValue(context, c => StartRedisAsync(c)).ConfigureAwait(false);
        var platform = await context.PlatformAsync(Name, o =>
        {
            o.Redis = redis.ConnectionString;
            o.Replicas["relay"] = 2;
        }).ConfigureAwait(false);
        await WaitHealthyAsync(platform, TimeSpan.FromSeconds(90), cancellationToken).ConfigureAwait(false);
        return (platform, redis);
    }

    /// <summary>Conversation clients and direct-mode clients of the steady load.</summary>
    public static (int Conversations, int Direct) LoadSize(SuiteContext context) => context?.Options.Quick == true ? (4, 2) : (8, 4);

    /// <summary>How long the load runs before a fault, and after recovery, so both sides of the fault are loaded.</summary>
    public static TimeSpan Steady(SuiteContext context) => context?.Options.Quick == true ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(10);

    /// <summary>Every service of endpoints.json (each replica) answers /health with 200.</summary>
    public static async Task WaitHealthyAsync(PlatformProcess platform, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platform);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var endpoints = platform.ReloadEndpoints();
            var urls = endpoints.Replicas.Where(r => r.Key != "dashboard").SelectMany(r => r.Value).ToList();
            var healthy = 0;
            foreach (var url in urls)
            {
                try
                {
                    using var response = await http.GetAsync(new Uri(url, "/health"), cancellationToken).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode) healthy++;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Not up yet.
                }
            }
            if (healthy == urls.Count) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the fault platform was not healthy within {timeout} ({healthy} of {urls.Count} services)");
            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts the steady load with the sizes of this mode.</summary>
    public static Task<PlatformLoad> StartLoadAsync(SuiteContext context, PlatformProcess platform, IReadOnlyList<Uri> clientRelays, Uri wpsSender, Uri wpsReceiver,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var (conversations, direct) = LoadSize(context);
        return PlatformLoad.StartAsync(platform.Endpoints, clientRelays, platform.Endpoints.Relay, wpsSender, wpsReceiver, conversations, direct, cancellationToken);
    }

    /// <summary>SIGKILL to one process endpoints.json lists for this platform; waits until it is gone.</summary>
    public static async Task KillAsync(PlatformProcess platform, string processName)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var pid = platform.ReloadEndpoints().ProcessIds[processName];
        using (var victim = Process.GetProcessById(pid)) victim.Kill(entireProcessTree: false);
        await Eventually.TrueAsync(() => !PlatformProcess.IsRunning(pid), TimeSpan.FromSeconds(10), processName + " killed").ConfigureAwait(false);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (returns when) or <paramref name="timeout"/> passes (null).</summary>
    public static async Task<DateTime?> WhenAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition().ConfigureAwait(false)) return DateTime.UtcNow;
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    /// <summary>When every load stream that ran before <paramref name="since"/> has succeeded again (polled), or null.</summary>
    public static async Task<DateTime?> AllResumedAsync(PlatformLoad load, DateTime since, string prefix, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        await WhenAsync(() => Task.FromResult(load.Recorder.AllResumedAfter(since, prefix) is not null), timeout, cancellationToken).ConfigureAwait(false);
        return load.Recorder.AllResumedAfter(since, prefix);
    }

    private static async Task<RestartableRedis> StartRedisAsync(SuiteContext context) => context.Own(await RestartableRedis.StartAsync().ConfigureAwait(false));
}
