using System.Collections.Concurrent;

namespace AgentPlatform.Relay.Core;

/// <summary>The connections of one hub on this replica, indexed by id, group and user.</summary>
public sealed class RelayHub(string name)
{
    private readonly ConcurrentDictionary<string, RelayConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, RelayConnection>> _groups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, RelayConnection>> _users = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public ICollection<RelayConnection> Connections => _connections.Values;

    /// <summary>Group names with their member counts (on this replica).</summary>
    public IEnumerable<(string Group, int Members)> Groups =>
        _groups.Select(g => (g.Key, g.Value.Count)).Where(g => g.Count > 0);

    public bool TryGet(string connectionId, out RelayConnection connection) =>
        _connections.TryGetValue(connectionId, out connection!);

    public IEnumerable<RelayConnection> GroupMembers(string group) =>
        _groups.TryGetValue(group, out var members) ? members.Values : [];

    public IEnumerable<RelayConnection> UserConnections(string user) =>
        _users.TryGetValue(user, out var conns) ? conns.Values : [];

    public bool HasGroup(string group) => _groups.TryGetValue(group, out var m) && !m.IsEmpty;

    public bool HasUser(string user) => _users.TryGetValue(user, out var c) && !c.IsEmpty;

    internal void Add(RelayConnection connection)
    {
        _connections[connection.Id] = connection;
        if (connection.UserId is { } user)
        {
            _users.GetOrAdd(user, _ => new(StringComparer.Ordinal))[connection.Id] = connection;
        }
    }

    /// <summary>Removes a connection; returns the groups it actually left (each one a released subscription).</summary>
    internal List<string> Remove(RelayConnection connection)
    {
        _connections.TryRemove(connection.Id, out _);
        var left = new List<string>();
        foreach (var group in connection.Groups.ToArray())
        {
            if (Leave(connection, group)) left.Add(group);
        }
        if (connection.UserId is { } user && _users.TryGetValue(user, out var conns))
        {
            conns.TryRemove(connection.Id, out _);
        }
        return left;
    }

    internal bool Join(RelayConnection connection, string group)
    {
        if (connection.State == ConnectionState.Closed) return false;
        _groups.GetOrAdd(group, _ => new(StringComparer.Ordinal))[connection.Id] = connection;
        return connection.AddGroup(group);
    }

    internal bool Leave(RelayConnection connection, string group)
    {
        if (_groups.TryGetValue(group, out var members))
        {
            members.TryRemove(connection.Id, out _);
        }
        return connection.RemoveGroup(group);
    }
}
