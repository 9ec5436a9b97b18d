namespace AgentPlatform.Client.AgentChat;

/// <summary>Reconnect delays: doubling from <see cref="Initial"/> to <see cref="Max"/>, with up to 20 % jitter so many clients of one restarted server do not come back in step.</summary>
public sealed class Backoff(TimeSpan initial, TimeSpan max)
{
    private int _attempt;

    /// <summary>The first delay.</summary>
    public TimeSpan Initial { get; } = initial;

    /// <summary>The largest delay.</summary>
    public TimeSpan Max { get; } = max;

    /// <summary>The delay before the next attempt.</summary>
    public TimeSpan Next()
    {
        var exponent = Math.Min(_attempt++, 20);
        var delay = Math.Min(Initial.TotalMilliseconds * Math.Pow(2, exponent), Max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay * (1 + (Random.Shared.NextDouble() * 0.2)));
    }

    /// <summary>Back to the first delay (after a connection that worked).</summary>
    public void Reset() => _attempt = 0;
}
