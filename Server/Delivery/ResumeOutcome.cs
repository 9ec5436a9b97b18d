namespace AgentPlatform.Server.Delivery;

/// <summary>What became of an attempt to attach a new transport to an existing outbox.</summary>
public enum ResumeOutcome
{
    /// <summary>Attached; every unacknowledged frame after the peer's position was queued again, in order.</summary>
    Resumed = 0,

    /// <summary>The peer claims frames that were never sent: a gap, so the session cannot continue.</summary>
    AheadOfSender = 1,

    /// <summary>The peer lost frames it had already acknowledged; they are gone from the buffer.</summary>
    BehindBuffer = 2,

    /// <summary>The connection is closed.</summary>
    Closed = 3,

    /// <summary>The session belongs to another user than the one the resuming credential names.</summary>
    OtherUser = 4,
}
