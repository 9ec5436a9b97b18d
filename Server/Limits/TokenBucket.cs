namespace AgentPlatform.Server.Limits;

/// <summary>A token bucket for one connection's inbound frames: refills continuously, spends one token per frame.</summary>
public sealed class TokenBucket
{
    private readonly double _ratePerTick;
    private readonly double _capacity;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _last;

    public TokenBucket(double tokensPerSecond, int burst, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _capacity = Math.Max(1, burst);
        _ratePerTick = tokensPerSecond / time.TimestampFrequency;
        _tokens = _capacity;
        _last = time.GetTimestamp();
    }

    /// <summary>Spends one token; false when the bucket is empty (the frame is refused). Single reader only.</summary>
    public bool TryTake()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + ((now - _last) * _ratePerTick));
        _last = now;
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }
}
