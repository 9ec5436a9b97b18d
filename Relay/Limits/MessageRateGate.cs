using AgentPlatform.Server.Limits;

namespace AgentPlatform.Relay.Limits;

/// <summary>
/// The message rate of one connection after its upgrade, for the dialects whose engine has none of its own (Web PubSub
/// client, ACP WebSocket, agenkit): the asp-v1 bucket settings (<c>Relay:Limits:FramesPerSecond</c>, <c>FrameBurst</c>,
/// <c>MaxRateLimitViolations</c>) so that one set of numbers governs every dialect. Single reader (the read loop).
/// </summary>
public sealed class MessageRateGate(ConnectionLimits limits, TimeProvider time)
{
    private readonly TokenBucket _bucket = new(limits.FramesPerSecond, limits.FrameBurst, time);
    private int _violations;

    /// <summary>Refused messages so far.</summary>
    public int Violations => _violations;

    /// <summary>One message arrived: allowed, refused (answer with the dialect's error), or refused once too often (close).</summary>
    public RateVerdict Check()
    {
        if (_bucket.TryTake()) return RateVerdict.Allowed;
        return ++_violations > limits.MaxRateLimitViolations ? RateVerdict.Close : RateVerdict.Refused;
    }
}
