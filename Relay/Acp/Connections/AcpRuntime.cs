using AgentPlatform.Relay.Acp.Replay;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Diagnostics;

namespace AgentPlatform.Relay.Acp.Connections;

/// <summary>What every ACP connection shares: options, the core, the replay store, the live connections, telemetry.</summary>
public sealed class AcpRuntime(AcpOptions options, RelayCore core, AcpDialect dialect, AcpReplayStore replay, AcpConnectionRegistry connections,
    RelayTelemetry telemetry, TimeProvider time, ILoggerFactory loggers)
{
    public AcpOptions Options { get; } = options;

    public RelayCore Core { get; } = core;

    public AcpDialect Dialect { get; } = dialect;

    public AcpReplayStore Replay { get; } = replay;

    public AcpConnectionRegistry Connections { get; } = connections;

    public RelayTelemetry Telemetry { get; } = telemetry;

    public TimeProvider Time { get; } = time;

    public ILoggerFactory Loggers { get; } = loggers;

    /// <summary>Registers a new connection in the core (hub and dialect <c>acp</c>) so admin and the Dashboard list it.</summary>
    public Task<RelayConnection> RegisterAsync(AcpConnection connection, Server.Transport.IFrameTransport transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Core.OpenAsync(new ConnectionRegistration
        {
            Hub = AcpDialect.HubName,
            Dialect = Dialect,
            UserId = connection.UserId,
            ConnectionId = connection.ConnectionId,
        }, transport, cancellationToken);
    }
}
