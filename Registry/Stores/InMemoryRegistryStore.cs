using System.Text.Json;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Registry.Options;
using AgentPlatform.Registry.Pruning;
using AgentPlatform.Registry.Watch;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Registry.Stores;

/// <summary>
/// The embedded default store. One lock orders every mutation, so sequence numbers, history and published events
/// agree; heartbeats that change nothing visible take the lock only briefly and emit nothing.
/// </summary>
public sealed class InMemoryRegistryStore : IRegistryStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Name, string Id), Entry> _instances = [];
    private readonly Queue<RegistryEvent> _history = new();
    private readonly RegistryOptions _options;
    private long _sequence;

    public InMemoryRegistryStore(IOptions<RegistryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        Events = new EventHub(_options.WatcherQueue);
    }

    public EventHub Events { get; }

    public Task<RegisterResult> RegisterAsync(string name, string instanceId, AgentRegistration registration, DateTimeOffset now)
    {
        var regJson = JsonSerializer.Serialize(registration, RegistryJsonContext.Default.AgentRegistration);
        lock (_gate)
        {
            var key = (name, instanceId);
            if (_instances.TryGetValue(key, out var entry))
            {
                var changed = entry.RegJson != regJson || entry.Status != InstanceStatus.Healthy;
                entry.RegJson = regJson;
                entry.Registration = registration;
                entry.LastHeartbeat = now;
                entry.Status = InstanceStatus.Healthy;
                var instance = entry.ToInstance(name, instanceId);
                if (changed) Append(WatchEventTypes.Updated, instance);
                return Task.FromResult(new RegisterResult(false, instance));
            }
            entry = new Entry { RegJson = regJson, Registration = registration, RegisteredAt = now, LastHeartbeat = now };
            _instances[key] = entry;
            var created = entry.ToInstance(name, instanceId);
            Append(WatchEventTypes.Added, created);
            return Task.FromResult(new RegisterResult(true, created));
        }
    }

    public Task<bool> HeartbeatAsync(string name, string instanceId, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_instances.TryGetValue((name, instanceId), out var entry)) return Task.FromResult(false);
            entry.LastHeartbeat = now;
            if (entry.Status != InstanceStatus.Healthy)
            {
                entry.Status = InstanceStatus.Healthy;
                Append(WatchEventTypes.Updated, entry.ToInstance(name, instanceId));
            }
            return Task.FromResult(true);
        }
    }

    public Task<bool> DeregisterAsync(string name, string instanceId)
    {
        lock (_gate)
        {
            if (!_instances.Remove((name, instanceId), out var entry)) return Task.FromResult(false);
            Append(WatchEventTypes.Removed, entry.ToInstance(name, instanceId) with { Reason = InstanceStatus.ReasonDeregistered });
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<AgentInstance>> GetAsync(string name)
    {
        lock (_gate)
        {
            IReadOnlyList<AgentInstance> list = [.. _instances.Where(kv => kv.Key.Name == name)
                .Select(kv => kv.Value.ToInstance(kv.Key.Name, kv.Key.Id))];
            return Task.FromResult(list);
        }
    }

    public Task<Snapshot> SnapshotAsync()
    {
        lock (_gate)
        {
            return Task.FromResult(new Snapshot(_sequence, [.. _instances.Select(kv => kv.Value.ToInstance(kv.Key.Name, kv.Key.Id))]));
        }
    }

    public Task<EventRange> ReadEventsSinceAsync(long cursor)
    {
        lock (_gate)
        {
            if (cursor > _sequence) return Task.FromResult(new EventRange(false, []));
            var oldest = _history.Count == 0 ? _sequence + 1 : _history.Peek().Sequence;
            if (oldest > cursor + 1) return Task.FromResult(new EventRange(false, []));
            return Task.FromResult(new EventRange(true, [.. _history.Where(e => e.Sequence > cursor)]));
        }
    }

    public Task PruneAsync(DateTimeOffset now)
    {
        lock (_gate)
        {
            List<(string, string)>? remove = null;
            foreach (var ((name, id), entry) in _instances)
            {
                switch (PruneDecision.Decide(entry.LastHeartbeat, entry.Status, now, _options.HeartbeatTimeout, _options.RemovalDelay))
                {
                    case PruneDecision.Action.MarkStale:
                        entry.Status = InstanceStatus.Stale;
                        Append(WatchEventTypes.Stale, entry.ToInstance(name, id));
                        break;
                    case PruneDecision.Action.Remove:
                        (remove ??= []).Add((name, id));
                        break;
                }
            }
            foreach (var key in remove ?? [])
            {
                _instances.Remove(key, out var entry);
                Append(WatchEventTypes.Removed, entry!.ToInstance(key.Item1, key.Item2) with { Reason = InstanceStatus.ReasonExpired });
            }
        }
        return Task.CompletedTask;
    }

    private void Append(string type, AgentInstance instance)
    {
        var evt = new RegistryEvent(++_sequence, type, instance);
        _history.Enqueue(evt);
        while (_history.Count > _options.EventHistory) _history.Dequeue();
        Events.Publish(evt);
    }

    private sealed class Entry
    {
        public required string RegJson { get; set; }

        public required AgentRegistration Registration { get; set; }

        public DateTimeOffset RegisteredAt { get; init; }

        public DateTimeOffset LastHeartbeat { get; set; }

        public string Status { get; set; } = InstanceStatus.Healthy;

        public AgentInstance ToInstance(string name, string id) =>
            InstanceMapper.ToInstance(name, id, Registration, RegisteredAt, LastHeartbeat, Status);
    }
}
