namespace AgentPlatform.Server.Delivery;

/// <summary>
/// Where a reliable outbox copies its tracked frames so that a session can be resumed elsewhere (another Relay replica).
/// Both calls are made under the outbox's lock: they must only queue work, never wait. The journal reports what it
/// made durable with <see cref="ConnectionOutbox.MarkDurable"/>; until then a frame is not written to the socket, so
/// a peer never holds a frame that a resume elsewhere could not replay.
/// </summary>
public interface IReplayJournal
{
    /// <summary>A tracked frame was numbered; keep it (in order) until it is acknowledged.</summary>
    void Append(SequencedFrame frame);

    /// <summary>The peer acknowledged every frame up to <paramref name="sequence"/>; they may be dropped.</summary>
    void Acknowledged(long sequence);
}
