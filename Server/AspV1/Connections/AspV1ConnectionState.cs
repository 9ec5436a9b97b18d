using AgentPlatform.Server.AspV1.Invocations;
using AgentPlatform.Server.Limits;

namespace AgentPlatform.Server.AspV1.Connections;

/// <summary>What the engine keeps per session; it lives as long as the session, across resumes.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphore's wait handle is never created (only WaitAsync/Release are used); it is collected with the session.")]
public sealed class AspV1ConnectionState(string role, IReadOnlyList<string> caps, bool reliable, TokenBucket bucket)
{
    private long _lastProcessedInbound;
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

    /// <summary>
    /// Held while a numbered frame is de-duplicated and processed (reliable sessions). After a resume the old socket's
    /// read loop may still be processing frame N when the client sends N again on the new socket: the second copy
    /// waits here, then finds N processed, instead of running twice or overtaking it.
    /// </summary>
    public SemaphoreSlim InboundGate { get; } = new(1, 1);

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
