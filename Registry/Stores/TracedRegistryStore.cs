using System.Diagnostics;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Registry.Diagnostics;
using AgentPlatform.Registry.Watch;

namespace AgentPlatform.Registry.Stores;

/// <summary>
/// Puts every store operation on the request's trace as a client span of "AgentPlatform.Registry"
/// (<c>registry.store heartbeat</c>, …), whichever store is configured, so a trace shows the store's share.
/// </summary>
public sealed class TracedRegistryStore(IRegistryStore inner, string system) : IRegistryStore, IDisposable
{
    /// <summary>The store this one traces.</summary>
    public IRegistryStore Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public EventHub Events => Inner.Events;

    public Task<RegisterResult> RegisterAsync(string name, string instanceId, AgentRegistration registration, DateTimeOffset now) =>
        TraceAsync("register", () => Inner.RegisterAsync(name, instanceId, registration, now));

    public Task<bool> HeartbeatAsync(string name, string instanceId, DateTimeOffset now) =>
        TraceAsync("heartbeat", () => Inner.HeartbeatAsync(name, instanceId, now));

    public Task<bool> DeregisterAsync(string name, string instanceId) =>
        TraceAsync("deregister", () => Inner.DeregisterAsync(name, instanceId));

    public Task<IReadOnlyList<AgentInstance>> GetAsync(string name) => TraceAsync("get", () => Inner.GetAsync(name));

    public Task<Snapshot> SnapshotAsync() => TraceAsync("snapshot", Inner.SnapshotAsync);

    public Task<EventRange> ReadEventsSinceAsync(long cursor) => TraceAsync("read-events", () => Inner.ReadEventsSinceAsync(cursor));

    // The pruning timer ticks every second: a trace of its own per tick would bury the real ones in the
    // dashboard, so prune is traced only inside a caller's trace.
    public Task PruneAsync(DateTimeOffset now) => Activity.Current is null ? Inner.PruneAsync(now) : TraceAsync("prune", async () =>
    {
        await Inner.PruneAsync(now).ConfigureAwait(false);
        return true;
    });

    public void Dispose() => (Inner as IDisposable)?.Dispose();

    private async Task<T> TraceAsync<T>(string operation, Func<Task<T>> call)
    {
        using var activity = RegistryTelemetry.Source.StartActivity("registry.store " + operation, ActivityKind.Client);
        activity?.SetTag("db.system.name", system);
        activity?.SetTag("db.operation.name", operation);
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (activity is not null && Fail(activity, ex))
        {
            throw;
        }
    }

    // An exception filter that records and never catches: the caller sees the original exception and stack.
    private static bool Fail(Activity activity, Exception ex)
    {
        activity.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
        return false;
    }
}
