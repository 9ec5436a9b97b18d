using System.Collections.Concurrent;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Relay.Routing.Providers;

namespace AgentPlatform.Relay.Routing;

/// <summary>
/// Resolves an agent name to a route without calling anyone: a provider connected to any Relay replica (direct mode)
/// wins; otherwise a healthy relay-mode instance from the Registry view, which the watch stream keeps current.
/// </summary>
public sealed class AgentDirectory(IProviderDirectory providers)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, AgentInstance>> _instances = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, InstancePicker> _pickers = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IProviderDirectory Providers { get; } = providers;

    /// <summary>True once the Registry view was loaded (or when no Registry is configured).</summary>
    public bool IsReady => _ready.Task.IsCompleted;

    public Task Ready => _ready.Task;

    public void MarkReady() => _ready.TrySetResult();

    /// <summary>Replaces the whole view (a watch snapshot).</summary>
    public void Replace(IEnumerable<AgentInstance> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var fresh = instances.GroupBy(i => i.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var name in _instances.Keys)
        {
            if (!fresh.ContainsKey(name)) _instances.TryRemove(name, out _);
        }
        foreach (var (name, list) in fresh)
        {
            _instances[name] = new ConcurrentDictionary<string, AgentInstance>(list.Select(i => KeyValuePair.Create(i.InstanceId, i)), StringComparer.Ordinal);
        }
        MarkReady();
    }

    public void Upsert(AgentInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        _instances.GetOrAdd(instance.Name, _ => new(StringComparer.Ordinal))[instance.InstanceId] = instance;
    }

    public void Remove(string name, string instanceId)
    {
        if (_instances.TryGetValue(name, out var byId)) byId.TryRemove(instanceId, out _);
    }

    /// <summary>The registry's instances of a name (empty when unknown).</summary>
    public IReadOnlyList<AgentInstance> Instances(string name) =>
        _instances.TryGetValue(name, out var byId) ? [.. byId.Values] : [];

    public AgentRoute? Resolve(string agent)
    {
        if (Providers.Pick(agent) is { } provider) return new AgentRoute(AgentModes.Direct, null, provider);
        if (!_instances.TryGetValue(agent, out var byId)) return null;
        var relayInstances = byId.Values.Where(i => i.Mode == AgentModes.Relay && IsHttp(i.Endpoint)).ToList();
        var picked = _pickers.GetOrAdd(agent, _ => new InstancePicker()).Pick(relayInstances);
        return picked is null ? null : new AgentRoute(AgentModes.Relay, new Uri(picked.Endpoint), null);
    }

    private static bool IsHttp(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);
}
