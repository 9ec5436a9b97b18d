namespace AgentPlatform.Protocol.AspV1;

/// <summary>HELLO (0x01) from the server: <c>{cid, session, hb, maxFrame, resumeToken, caps, seq?, lastSeq?}</c>.</summary>
/// <param name="Cid">Key <c>cid</c>: this connection's id.</param>
/// <param name="Session">Key <c>session</c>: the session id (stable across resumes).</param>
/// <param name="HeartbeatMs">Key <c>hb</c>: the ping interval in milliseconds.</param>
/// <param name="MaxFrame">Key <c>maxFrame</c>: the largest message the server accepts, in bytes.</param>
/// <param name="ResumeToken">Key <c>resumeToken</c>: the secret to present in a later HELLO's <c>resume</c>.</param>
/// <param name="Caps">Key <c>caps</c>: the capabilities granted (a subset of those asked for).</param>
public sealed record ServerHelloFrame(string Cid, string Session, uint HeartbeatMs, uint MaxFrame, string ResumeToken,
    IReadOnlyList<string> Caps) : AspFrame
{
    /// <inheritdoc/>
    public override AspOpcode Opcode => AspOpcode.Hello;

    /// <summary>Key <c>seq</c>: on resume, the session sequence number of the first frame the server will (re)send.</summary>
    public ulong? Seq { get; init; }

    /// <summary>Key <c>lastSeq</c>: on resume, the last client session sequence number the server processed.</summary>
    public ulong? LastSeq { get; init; }

    /// <inheritdoc/>
    public bool Equals(ServerHelloFrame? other) => other is not null && SessionSeq == other.SessionSeq
        && Cid == other.Cid && Session == other.Session && HeartbeatMs == other.HeartbeatMs && MaxFrame == other.MaxFrame
        && ResumeToken == other.ResumeToken && Caps.SequenceEqual(other.Caps) && Seq == other.Seq && LastSeq == other.LastSeq;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Cid, Session, HeartbeatMs, MaxFrame, ResumeToken, Seq, LastSeq);
}
