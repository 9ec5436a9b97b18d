using AgentPlatform.Server.Delivery;

namespace AgentPlatform.Relay.Core.Sessions;

/// <summary>A session this replica now owns (the store fenced the previous owner out with a new epoch).</summary>
/// <param name="Record">The session's identity.</param>
/// <param name="Epoch">The owner epoch this replica appends under.</param>
/// <param name="LastSequence">The highest outbound sequence number the store holds.</param>
/// <param name="Inbound">The highest inbound (client) sequence number the previous owner processed.</param>
/// <param name="Frames">The unacknowledged frames after the peer's position, in order.</param>
/// <param name="Groups">The groups the connection was in.</param>
public sealed record SessionTakeover(SessionRecord Record, long Epoch, long LastSequence, long Inbound,
    IReadOnlyList<SequencedFrame> Frames, IReadOnlyList<string> Groups);
