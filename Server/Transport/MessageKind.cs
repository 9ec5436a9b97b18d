namespace AgentPlatform.Server.Transport;

/// <summary>What one message read from an inbound pipe is (<see cref="InboundMessages"/>).</summary>
public enum MessageKind : byte
{
    Binary = 0,
    Text = 1,

    /// <summary>The peer sent a message over the size limit; the pump stopped reading and the payload is empty.</summary>
    TooLarge = 2,
}
