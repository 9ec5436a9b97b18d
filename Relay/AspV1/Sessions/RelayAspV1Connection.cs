using AgentPlatform.Relay.Core;
using AgentPlatform.Server.AspV1.Connections;
using AgentPlatform.Server.Delivery;

namespace AgentPlatform.Relay.AspV1.Sessions;

/// <summary>An asp-v1 session kept by the relay core: the engine's view of a <see cref="RelayConnection"/>.</summary>
public sealed class RelayAspV1Connection(RelayConnection connection) : IAspV1Connection
{
    public RelayConnection Relay { get; } = connection;

    public string Id => Relay.Id;

    public string SessionId => Relay.SessionId;

    public string? UserId => Relay.UserId;

    public string? ResumeToken => Relay.ResumeToken;

    public ConnectionOutbox Outbox => Relay.Outbox;

    public CancellationToken Closed => Relay.Closed;

    public bool IsAttached => Relay.Transport is not null;

    public long RestoredInbound => Relay.RestoredInbound;

    public AspV1ConnectionState? State
    {
        get;
        set
        {
            field = value;
            // The shared session store reads the processed inbound position when it writes (resume on another replica).
            Relay.InboundPosition = value is null ? null : () => value.LastProcessedInbound;
        }
    }
}
