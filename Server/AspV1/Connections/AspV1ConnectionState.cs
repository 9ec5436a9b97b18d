using AgentPlatform.Server.AspV1.Invocations;
using AgentPlatform.Server.Limits;

namespace AgentPlatform.Server.AspV1.Connections;

/// <summary>What the engine keeps per session; it lives as long as the session, across resumes.</summary>
public sealed class AspV1ConnectionState(string role, IReadOnlyList<string> caps, bool reliable, TokenBucket bucket)
{
    private long _lastProcessedInbound;
    private long _claimedInbound;
    private long _lastAckSent;

    public string Role { get; } = role;

    public IReadOnlyList<string> Caps { get; } = caps;

    public bool Reliable { get; } = reliable;

    public TokenBucket Bucket { get; } = bucket;

    /// <summary>Who opened the session (user id, roles); null when the host set none.</summary>
    public AspV1Admission? Admission { get; set; }

    /// <summary>The client's invocations in flight (client role only).</summary>
    public InvocationTable? Invocations { get; set; }

    /// <summary>What the host keeps with the session (the Relay: what a provider serves, what a client forwarded).</summary>
    public object? HostState { get; set; }

    /// <summary>Highest client session sequence number processed (reliable sessions): what a resume tells the client.</summary>
    public long LastProcessedInbound => Interlocked.Read(ref _lastProcessedInbound);

    /// <summary>
    /// Takes numbered client frame <paramref name="sequence"/> for processing, once. After a resume the old socket's
    /// read loop may still be processing frame N when the client sends N again on the new socket (the resume answer
    /// said N was not processed yet): the copy finds N claimed and is dropped at once. It does not wait for the first
    /// copy: that one may be waiting for outbox room, which only the ACKs queued behind the copy would free.
    /// </summary>
    public InboundClaim ClaimInbound(long sequence)
    {
        while (true)
        {
            var claimed = Interlocked.Read(ref _claimedInbound);
            if (sequence <= claimed) return InboundClaim.Duplicate;
            if (sequence != claimed + 1) return InboundClaim.Gap;
            if (Interlocked.CompareExchange(ref _claimedInbound, sequence, claimed) == claimed) return InboundClaim.Claimed;
        }
    }

    /// <summary>Records a claimed frame as processed (positions only move forward: two read loops may finish out of order).</summary>
    public void MarkProcessed(long sequence)
    {
        var current = Interlocked.Read(ref _lastProcessedInbound);
        while (sequence > current)
        {
            var seen = Interlocked.CompareExchange(ref _lastProcessedInbound, sequence, current);
            if (seen == current) return;
            current = seen;
        }
    }

    /// <summary>Continues de-duplication where another replica stopped (a session taken over).</summary>
    public void RestoreInbound(long processed)
    {
        Interlocked.Exchange(ref _claimedInbound, processed);
        Interlocked.Exchange(ref _lastProcessedInbound, processed);
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
