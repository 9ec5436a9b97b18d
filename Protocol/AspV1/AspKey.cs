namespace AgentPlatform.Protocol.AspV1;

/// <summary>Every map key asp-v1 defines (at most 64, so a ulong tracks which were seen).</summary>
internal enum AspKey
{
    Unknown = -1,
    S, V, Caps, Token, Resume, LastSeq, Role, Agents,
    Cid, Session, Hb, MaxFrame, ResumeToken, Seq,
    Id, Agent, Input, Stream, TimeoutMs, Data, Reason,
    Tools, Name, Description, Schema,
    Result, Metrics, DurationMs, CpuMs, Chunks, Bytes,
    Code, Message, Retryable, RetryAfterMs,
    Rid, Kind,
}
