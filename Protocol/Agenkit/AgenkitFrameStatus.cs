namespace AgentPlatform.Protocol.Agenkit;

/// <summary>What <see cref="AgenkitFraming.TryReadFrame"/> found at the start of the buffer.</summary>
public enum AgenkitFrameStatus
{
    /// <summary>A whole frame: its body was sliced off and the buffer advanced past it.</summary>
    Complete,

    /// <summary>Not enough bytes yet for the header or the body; the buffer is untouched.</summary>
    Incomplete,

    /// <summary>The header announces a body over the limit; decided from the 4 header bytes alone, the body unread.</summary>
    TooLarge,
}
