using System.Collections.Concurrent;

namespace AgentPlatform.Relay.WebPubSub.Connections;

/// <summary>
/// Group memberships given to a user through the REST API. As in the service, they outlive the user's current
/// connections: a connection the user opens later joins them at connect. Kept per hub, on this replica.
/// </summary>
public sealed class WebPubSubUserGroups
{
    private readonly ConcurrentDictionary<(string Hub, string User), ConcurrentDictionary<string, byte>> _groups = new();

    public void Add(string hub, string user, string group) =>
        _groups.GetOrAdd((hub, user), _ => new(StringComparer.Ordinal))[group] = 0;

    public void Remove(string hub, string user, string group)
    {
        if (_groups.TryGetValue((hub, user), out var set)) set.TryRemove(group, out _);
    }

    public void RemoveAll(string hub, string user) => _groups.TryRemove((hub, user), out _);

    /// <summary>The groups a new connection of <paramref name="user"/> joins.</summary>
    public IReadOnlyCollection<string> Of(string hub, string? user) =>
        user is not null && _groups.TryGetValue((hub, user), out var set) ? [.. set.Keys] : [];
}
