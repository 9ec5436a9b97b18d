namespace AgentPlatform.Client.Sessions;

/// <summary>
/// The sender's half of a reliable asp-v1 session (asp-v1.md section 6): numbers outgoing frames 1, 2, 3, … for
/// the session's life and keeps each encoded frame until the peer's cumulative ACK covers it, bounded in frames
/// and bytes. Once a bound is crossed the session can no longer promise a complete replay, so
/// <see cref="CanReplayAfter"/> turns false and a resume fails cleanly instead of silently losing frames.
/// Not thread-safe: the owner serializes access (its send lock).
/// </summary>
public sealed class ReplayBuffer(int maxFrames = 1024, long maxBytes = 1 << 20)
{
    private readonly LinkedList<(ulong Seq, byte[] Bytes)> _frames = new();

    /// <summary>The <c>s</c> of the last frame numbered.</summary>
    public ulong LastSeq { get; private set; }

    /// <summary>Highest <c>s</c> the peer acknowledged.</summary>
    public ulong Acked { get; private set; }

    public int Count => _frames.Count;

    public long Bytes { get; private set; }

    /// <summary>True once frames had to be dropped unacknowledged.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Reserves the next sequence number.</summary>
    public ulong Next() => ++LastSeq;

    /// <summary>Keeps the encoded frame numbered <paramref name="seq"/> until acknowledged.</summary>
    public void Add(ulong seq, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        _frames.AddLast((seq, bytes));
        Bytes += bytes.Length;
        while (_frames.Count > maxFrames || Bytes > maxBytes)
        {
            Bytes -= _frames.First!.Value.Bytes.Length;
            _frames.RemoveFirst();
            Overflowed = true;
        }
    }

    /// <summary>Releases every frame up to <paramref name="seq"/> (cumulative; older acks are ignored).</summary>
    public void Acknowledge(ulong seq)
    {
        if (seq <= Acked) return;
        Acked = Math.Min(seq, LastSeq);
        while (_frames.First is { } first && first.Value.Seq <= Acked)
        {
            Bytes -= first.Value.Bytes.Length;
            _frames.RemoveFirst();
        }
    }

    /// <summary>True when every frame after <paramref name="seq"/> is still held (a resume from there is complete).</summary>
    public bool CanReplayAfter(ulong seq)
    {
        if (seq >= LastSeq) return seq == LastSeq;
        return _frames.First is { } first && first.Value.Seq <= seq + 1;
    }

    /// <summary>The held frames after <paramref name="seq"/>, in order.</summary>
    public IEnumerable<byte[]> After(ulong seq) => _frames.Where(f => f.Seq > seq).Select(f => f.Bytes).ToList();
}
