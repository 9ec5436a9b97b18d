using System.Collections.Concurrent;
using AgentPlatform.Relay.Core;
using AgentPlatform.Server.AgentChat;

namespace AgentPlatform.Relay.AgentChat;

/// <summary>
/// Registers each identified AgentChat connection in the Relay core (hub "agentchat", user = the agent id), so
/// /admin/connections and the Dashboard list AgentChat agents beside the other dialects; unregisters it when it ends.
/// </summary>
public sealed partial class RelayChatConnections(RelayCore core, AgentChatRelayDialect dialect, ILogger<RelayChatConnections> logger) : IAgentChatConnectionObserver
{
    private readonly ConcurrentDictionary<AgentChatConnection, RelayConnection> _registered = new();

    public void Identified(AgentChatConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            var registration = new ConnectionRegistration
            {
                Hub = AgentChatRelayDialect.HubName,
                Dialect = dialect,
                UserId = connection.AgentId,
                ConnectionId = connection.ConnectionId + "-" + Guid.NewGuid().ToString("N")[..8],
            };
            _registered[connection] = core.Open(registration, new ChatConnectionTransport(connection));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // Listing is a convenience: a failure to register must not cost the agent its connection.
            LogRegisterFailed(logger, connection.ConnectionId, ex.GetType().Name);
        }
    }

    public void Closed(AgentChatConnection connection, string reason)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (_registered.TryRemove(connection, out var registered)) core.Close(registered, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AgentChat connection {ConnectionId} not registered in the relay core: {Error}")]
    private static partial void LogRegisterFailed(ILogger logger, string connectionId, string error);
}
