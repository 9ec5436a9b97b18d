namespace AgentPlatform.Server.Transport;

/// <summary>One encoded frame on its way to a client.</summary>
/// <param name="Payload">The complete WebSocket message.</param>
/// <param name="Type">Binary or text.</param>
public readonly record struct OutboundFrame(ReadOnlyMemory<byte> Payload, FrameType Type);
