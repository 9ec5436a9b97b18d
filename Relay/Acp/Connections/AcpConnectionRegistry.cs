using System.Collections.Concurrent;

namespace AgentPlatform.Relay.Acp.Connections;

/// <summary>The live ACP connections of this Relay by <c>Acp-Connection-Id</c> (Streamable HTTP requests find theirs here).</summary>
public sealed class AcpConnectionRegistry
{
    private readonly ConcurrentDictionary<string, AcpConnection> _connections = new(StringComparer.Ordinal);

    public int Count => _connections.Count;

    public IReadOnlyCollection<AcpConnection> All => [.. _connections.Values];

    public void Add(AcpConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connections[connection.ConnectionId] = connection;
    }

    public void Remove(AcpConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connections.TryRemove(new KeyValuePair<string, AcpConnection>(connection.ConnectionId, connection));
    }

    public bool TryGet(string connectionId, out AcpConnection? connection) => _connections.TryGetValue(connectionId, out connection);
}
