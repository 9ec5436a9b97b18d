namespace AgentPlatform.Relay.Core;

/// <summary>Where a connection is in its life.</summary>
public enum ConnectionState
{
    /// <summary>A transport is attached and frames flow.</summary>
    Connected = 0,

    /// <summary>The transport dropped; a reliable session waits for a resume within its window, buffering output.</summary>
    Suspended = 1,

    /// <summary>Gone for good: removed from its groups and users.</summary>
    Closed = 2,

    /// <summary>
    /// Another replica resumed the session: this replica no longer writes to a socket, and output still produced here
    /// (an invocation that runs on) is forwarded to the connection id, where the new owner numbers it.
    /// </summary>
    Moved = 3,
}
