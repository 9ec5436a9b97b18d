namespace AgentPlatform.Protocol.Aid;

/// <summary>A validated AID record (docs/protocol/aid.md). Produced by <see cref="AidRecordParser"/>, written by <see cref="AidRecordFormatter"/>.</summary>
public sealed record AidRecord
{
    /// <summary><c>v</c>: <c>aid1</c> or <c>aid2</c>.</summary>
    public required string Version { get; init; }

    /// <summary><c>uri</c> / <c>u</c>: where the agent is reached.</summary>
    public required string Uri { get; init; }

    /// <summary><c>proto</c> / <c>p</c>: a protocol token of <see cref="AidTokens.Protocols"/>.</summary>
    public required string Proto { get; init; }

    /// <summary><c>auth</c> / <c>a</c>: a token of <see cref="AidTokens.AuthSchemes"/>.</summary>
    public string? Auth { get; init; }

    /// <summary><c>desc</c> / <c>s</c>: at most 60 UTF-8 bytes.</summary>
    public string? Desc { get; init; }

    /// <summary><c>docs</c> / <c>d</c>: an https URL.</summary>
    public string? Docs { get; init; }

    /// <summary><c>dep</c> / <c>e</c>: ISO 8601 UTC deprecation time.</summary>
    public DateTimeOffset? Dep { get; init; }

    /// <summary><c>pka</c> / <c>k</c>: the endpoint's public key.</summary>
    public string? Pka { get; init; }

    /// <summary><c>kid</c> / <c>i</c>: key id (aid1 only, required with pka).</summary>
    public string? Kid { get; init; }
}
