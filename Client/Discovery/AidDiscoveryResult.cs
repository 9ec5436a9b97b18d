using AgentPlatform.Protocol.Aid;

namespace AgentPlatform.Client.Discovery;

/// <summary>What discovery found: a validated record, or a typed error (never both).</summary>
public sealed record AidDiscoveryResult
{
    /// <summary>The validated record, when <see cref="IsSuccess"/>.</summary>
    public AidRecord? Record { get; init; }

    /// <summary>The failure, when not <see cref="IsSuccess"/>.</summary>
    public AidError? Error { get; init; }

    /// <summary>The TXT value the record was parsed from (strings concatenated).</summary>
    public string? Raw { get; init; }

    /// <summary>The DNS name that was asked (<c>_agent.&lt;domain&gt;</c>).</summary>
    public required string QueryName { get; init; }

    /// <summary>TTL of the answer, seconds.</summary>
    public uint Ttl { get; init; }

    /// <summary>True when the UDP answer was truncated and the query was repeated over TCP.</summary>
    public bool UsedTcp { get; init; }

    public bool IsSuccess => Record is not null;
}
