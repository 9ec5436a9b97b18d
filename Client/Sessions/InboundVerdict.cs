namespace AgentPlatform.Client.Sessions;

/// <summary>What a receiver does with a numbered frame.</summary>
public enum InboundVerdict
{
    /// <summary>The next frame: process it.</summary>
    New,

    /// <summary>Already processed (a replay): drop it.</summary>
    Duplicate,

    /// <summary>Frames are missing before it: a protocol error.</summary>
    Gap,
}
