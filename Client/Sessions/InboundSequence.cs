namespace AgentPlatform.Client.Sessions;

/// <summary>
/// The receiver's half of a reliable session: decides whether a numbered frame is new, a replayed duplicate
/// (dropped unprocessed) or proof of a gap, and tracks what still has to be acknowledged.
/// </summary>
public sealed class InboundSequence
{
    private ulong _lastAcked;

    /// <summary>The last <c>s</c> processed.</summary>
    public ulong LastProcessed { get; private set; }

    /// <summary>Classifies <paramref name="seq"/>; a <see cref="InboundVerdict.New"/> frame counts as processed.</summary>
    public InboundVerdict Accept(ulong seq)
    {
        if (seq <= LastProcessed) return InboundVerdict.Duplicate;
        if (seq != LastProcessed + 1) return InboundVerdict.Gap;
        LastProcessed = seq;
        return InboundVerdict.New;
    }

    /// <summary>Frames processed since the last ACK.</summary>
    public ulong Unacknowledged => LastProcessed - _lastAcked;

    /// <summary>Returns the cumulative sequence to ACK now, or null when nothing new was processed.</summary>
    public ulong? TakeAck()
    {
        if (LastProcessed == _lastAcked) return null;
        _lastAcked = LastProcessed;
        return LastProcessed;
    }

    /// <summary>After a resume the peer restarts from what it was told; re-acknowledge from there.</summary>
    public void ResetAcked() => _lastAcked = 0;
}
