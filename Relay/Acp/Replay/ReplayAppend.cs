namespace AgentPlatform.Relay.Acp.Replay;

/// <summary>What <see cref="SessionReplayLog.Append"/> did with a notification.</summary>
public enum ReplayAppend
{
    /// <summary>Numbered and kept (and delivered when the owner is connected).</summary>
    Kept,

    /// <summary>Sent through a dropped connection that no longer owns the session: dropped.</summary>
    Refused,

    /// <summary>The log expired or was forgotten; the store makes a new one if the sender is connected.</summary>
    Dead,
}
