using System.Collections.Concurrent;

namespace AgentPlatform.Relay.Acp.Connections;

/// <summary>The live ACP connections of this Relay by <c>Acp-Connection-Id</c> (Streamable HTTP requests find theirs here).</summary>
public sealed class AcpConnectionRegistry
{
    private readonly ConcurrentDictionary<string, AcpConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<AcpConnection, byte> _lingering = new();

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

    /// <summary>Dropped connections whose attachment lives on for the replay window.</summary>
    public IReadOnlyCollection<AcpConnection> Lingering => [.. _lingering.Keys];

    /// <summary>True while the Relay stops: a dropped connection's attachment goes at once, replay or not.</summary>
    public bool Stopping { get; private set; }

    internal void Linger(AcpConnection connection) => _lingering.TryAdd(connection, 0);

    internal void Unlinger(AcpConnection connection) => _lingering.TryRemove(connection, out _);

    /// <summary>The Relay stops: every connection ends and no attachment waits out a replay window.</summary>
    public void StopAll()
    {
        Stopping = true;
        foreach (var connection in All) connection.Shutdown();
        foreach (var connection in Lingering) _ = connection.ReleaseAttachmentAsync();
    }

    public bool TryGet(string connectionId, out AcpConnection? connection) => _connections.TryGetValue(connectionId, out connection);
}
