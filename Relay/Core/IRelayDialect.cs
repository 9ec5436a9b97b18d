using AgentPlatform.Server.Transport;
namespace AgentPlatform.Relay.Core;

/// <summary>
/// What a wire dialect gives the core for each of its connections: how to turn a routed
/// <see cref="RelayMessage"/> into a frame of its own protocol.
/// </summary>
public interface IRelayDialect
{
    /// <summary>The dialect's name (asp-v1, webpubsub, ...), shown by the admin API.</summary>
    string Name { get; }

    /// <summary>False when the dialect does not carry this kind of message to <paramref name="connection"/>; it is skipped.</summary>
    bool Accepts(RelayConnection connection, in RelayMessage message);

    /// <summary>Encodes a routed message. <paramref name="sequence"/> is its outbound number (0 when not tracked).</summary>
    OutboundFrame Encode(RelayConnection connection, in RelayMessage message, long sequence);

    /// <summary>
    /// True when the dialect consumes a routed message itself instead of writing it to the socket. asp-v1 uses it for a
    /// provider's frame on its way back to the invocation that asked for it: that invocation lives with the client's
    /// connection, possibly on another replica, and is reached by the client's connection id.
    /// </summary>
    bool Intercepts(RelayConnection connection, in RelayMessage message) => false;

    /// <summary>
    /// For a fan-out (group, user, hub send): connections of this dialect with the same non-null key get the very same
    /// bytes for an untracked message (sequence 0), so the core encodes it once per key and shares the frame. Null (the
    /// default) encodes per connection.
    /// </summary>
    object? SharedEncodingKey(RelayConnection connection, in RelayMessage message) => null;

    /// <summary>
    /// Gives a frame encoded elsewhere (by a session's previous owner, possibly with that owner's number) the outbound
    /// sequence number <paramref name="sequence"/> of this replica. The default leaves the bytes as they are, for
    /// dialects whose frames carry no number.
    /// </summary>
    OutboundFrame Resequence(RelayConnection connection, OutboundFrame frame, long sequence) => frame;

    /// <summary>True when routed messages are tracked frames (numbered and replayed) on reliable connections.</summary>
    bool TracksRoutedMessages { get; }
}
