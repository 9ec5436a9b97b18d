namespace AgentPlatform.Server.AgentChat;

/// <summary><c>AgentChat:RateLimit</c>: the seed's per-connection token bucket over MSG and proposal frames.</summary>
public sealed class AgentChatRateLimitOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Bucket size: messages that may be sent at once.</summary>
    public int Burst { get; set; } = 10;

    /// <summary>Sustained rate: tokens added per second.</summary>
    public double PerSecond { get; set; } = 1;
}
