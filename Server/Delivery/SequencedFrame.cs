using AgentPlatform.Server.Transport;

namespace AgentPlatform.Server.Delivery;

/// <summary>A frame with the outbound sequence number it was given (0 for frames that are not tracked).</summary>
public readonly record struct SequencedFrame(long Sequence, OutboundFrame Frame);
