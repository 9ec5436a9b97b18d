using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Relay.Core;
using AgentPlatform.Server.AspV1.Connections;
using AgentPlatform.Server.Delivery;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.AspV1.Sessions;

/// <summary>
/// asp-v1 sessions live in the relay core, in the <see cref="AspV1Dialect.HubName"/> hub: reachable by connection id
/// from any replica (through the backplane), resumable like every core connection.
/// </summary>
public sealed class RelayAspV1Sessions(RelayCore core, AspV1Dialect dialect) : IAspV1Sessions
{
    public async Task<IAspV1Connection> OpenAsync(AspV1SessionRequest request, IFrameTransport transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var relay = await core.OpenAsync(new ConnectionRegistration
        {
            Hub = AspV1Dialect.HubName,
            Dialect = dialect,
            Reliable = request.Reliable,
            Roles = [request.Role],
            UserId = request.UserId,
        }, transport, cancellationToken).ConfigureAwait(false);
        var connection = new RelayAspV1Connection(relay);
        relay.DialectState = connection;
        return connection;
    }

    public ResumeOutcome TryResume(string resumeToken, long lastReceived, string? userId, IFrameTransport transport,
        Func<IAspV1Connection, string, OutboundFrame> preamble, out IAspV1Connection? connection)
    {
        ArgumentNullException.ThrowIfNull(preamble);
        var outcome = core.TryResume(AspV1Dialect.HubName, resumeToken, lastReceived, transport, out var relay,
            (c, token) => preamble((RelayAspV1Connection)c.DialectState!, token), userId);
        connection = relay?.DialectState as RelayAspV1Connection;
        return outcome;
    }

    public async ValueTask<(ResumeOutcome Outcome, IAspV1Connection? Connection)> TryResumeAsync(string resumeToken, long lastReceived,
        string? userId, IFrameTransport transport, Func<IAspV1Connection, string, OutboundFrame> preamble, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preamble);
        var (outcome, relay) = await core.TryResumeAsync(AspV1Dialect.HubName, resumeToken, lastReceived, userId, transport, dialect,
            static taken =>
            {
                // Provider sessions announce what they serve on open; they reconnect rather than move.
                if (!taken.Roles.Contains(AspRoles.Client, StringComparer.Ordinal)) return false;
                taken.DialectState = new RelayAspV1Connection(taken);
                return true;
            },
            (c, token) => preamble((RelayAspV1Connection)c.DialectState!, token), cancellationToken).ConfigureAwait(false);
        return (outcome, relay?.DialectState as RelayAspV1Connection);
    }

    public void TransportLost(IAspV1Connection connection, IFrameTransport transport) => core.TransportLost(Of(connection), transport);

    public void Close(IAspV1Connection connection, string reason, int closeCode) => core.Close(Of(connection), reason, closeCode);

    public Task TransportClosed(IAspV1Connection connection) => Of(connection).TransportClosed;

    private static RelayConnection Of(IAspV1Connection connection) => ((RelayAspV1Connection)connection).Relay;
}
