using System.Collections.Concurrent;
using AgentPlatform.Relay.AspV1.Invocations;
using AgentPlatform.Relay.Limits;
using AgentPlatform.Relay.Routing.Providers;

namespace AgentPlatform.Relay.AspV1.Connections;

/// <summary>What asp-v1 keeps per connection; it lives as long as the session, across resumes.</summary>
public sealed class AspV1ConnectionState(string role, IReadOnlyList<string> caps, bool reliable, TokenBucket bucket)
{
    public string Role { get; } = role;

    public IReadOnlyList<string> Caps { get; } = caps;

    public bool Reliable { get; } = reliable;

    public TokenBucket Bucket { get; } = bucket;

    /// <summary>Client invocations in flight, by the client's id.</summary>
    public ConcurrentDictionary<string, ActiveInvocation> Invocations { get; } = new(StringComparer.Ordinal);

    /// <summary>Set for provider connections.</summary>
    public ProviderLink? Provider { get; set; }

    private long _lastProcessedInbound;
    private long _lastAckSent;

    /// <summary>Highest client session sequence number processed (reliable sessions).</summary>
    public long LastProcessedInbound
    {
        get => Interlocked.Read(ref _lastProcessedInbound);
        set => Interlocked.Exchange(ref _lastProcessedInbound, value);
    }

    /// <summary>The last value sent in an ACK.</summary>
    public long LastAckSent
    {
        get => Interlocked.Read(ref _lastAckSent);
        set => Interlocked.Exchange(ref _lastAckSent, value);
    }

    /// <summary>Malformed frames so far (read loop only).</summary>
    public int MalformedFrames { get; set; }

    /// <summary>Rate-limited frames so far (read loop only).</summary>
    public int RateViolations { get; set; }
}
