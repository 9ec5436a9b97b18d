namespace AgentPlatform.Server.AgentChat;

/// <summary>
/// <c>AgentChat:RateLimit</c>: the seed's per-connection token bucket over MSG and proposal frames (RATE_LIMITED), and a
/// budget over every frame of an identified connection (beyond it: close 1008). <see cref="Enabled"/> turns off both.
/// </summary>
public sealed class AgentChatRateLimitOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Bucket size: messages that may be sent at once.</summary>
    public int Burst { get; set; } = 10;

    /// <summary>Sustained rate: tokens added per second.</summary>
    public double PerSecond { get; set; } = 1;

    /// <summary>Frames of any type an identified connection may send per <see cref="FrameWindow"/> (never fewer than <see cref="Burst"/>); one more closes it with 1008.</summary>
    public int MaxFrames { get; set; } = 60;

    public TimeSpan FrameWindow { get; set; } = TimeSpan.FromSeconds(10);
}
