using System.Collections.Concurrent;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Reliability.Suite;

/// <summary>
/// What scenarios share: the options, a log, and started platforms by name. A platform started through
/// <see cref="PlatformAsync"/> is reused by every scenario asking for the same name and stopped (by its process id)
/// when the suite ends; a scenario that breaks its platform on purpose (faults) asks for a name of its own or
/// starts and disposes one itself.
/// </summary>
public sealed class SuiteContext(SuiteOptions options, TextWriter log) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<PlatformProcess>>> _platforms = new(StringComparer.Ordinal);
    private readonly List<IAsyncDisposable> _owned = [];

    public SuiteOptions Options { get; } = options;

    public TextWriter Log { get; } = log;

    /// <summary>The platform named <paramref name="name"/>, started once with <paramref name="configure"/>'s options.</summary>
    public Task<PlatformProcess> PlatformAsync(string name, Action<PlatformOptions>? configure = null) =>
        _platforms.GetOrAdd(name, _ => new Lazy<Task<PlatformProcess>>(() =>
        {
            var options = new PlatformOptions();
            configure?.Invoke(options);
            return StartAsync(name, options);
        })).Value;

    // The first scenario asking for a platform pays its start: say how long it took, so its own time reads right.
    private async Task<PlatformProcess> StartAsync(string name, PlatformOptions options)
    {
        Log.WriteLine($"  starting platform '{name}'");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var platform = await PlatformProcess.StartAsync(options).ConfigureAwait(false);
        Log.WriteLine($"  platform '{name}' ready in {clock.Elapsed.TotalSeconds:F1} s");
        return platform;
    }

    /// <summary>Something to dispose when the suite ends (a redis-server, a peer process).</summary>
    public T Own<T>(T disposable) where T : IAsyncDisposable
    {
        lock (_owned) _owned.Add(disposable);
        return disposable;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _platforms.Values)
        {
            if (!lazy.IsValueCreated) continue;
            try
            {
                await (await lazy.Value.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.WriteLine($"  platform stop: {ex.Message}");
            }
        }
        List<IAsyncDisposable> owned;
        lock (_owned) owned = [.. _owned];
        owned.Reverse();
        foreach (var d in owned) await d.DisposeAsync().ConfigureAwait(false);
    }
}
