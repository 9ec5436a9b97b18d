namespace AgentPlatform.Protocol.Dns;

/// <summary>A decoded DNS response (header fields the resolver needs, the question, the answer section).</summary>
public sealed record DnsResponse
{
    public ushort Id { get; init; }

    /// <summary>QR bit: set in responses.</summary>
    public bool IsResponse { get; init; }

    /// <summary>TC bit: the answer did not fit (UDP); repeat the query over TCP.</summary>
    public bool Truncated { get; init; }

    public DnsResponseCode ResponseCode { get; init; }

    /// <summary>First question's name (lower-case, no trailing dot), or null when the response has none.</summary>
    public string? QuestionName { get; init; }

    public ushort QuestionType { get; init; }

    public IReadOnlyList<DnsResourceRecord> Answers { get; init; } = [];
}
