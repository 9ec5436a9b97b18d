namespace AgentPlatform.Protocol.Aid;

/// <summary>A typed AID failure: the code and a human-readable reason (never the secret parts of a record).</summary>
public sealed record AidError(AidErrorCode Code, string Message)
{
    /// <summary>The spec's symbolic name, e.g. <c>ERR_SECURITY</c>.</summary>
    public string Name => Code switch
    {
        AidErrorCode.NoRecord => "ERR_NO_RECORD",
        AidErrorCode.InvalidTxt => "ERR_INVALID_TXT",
        AidErrorCode.UnsupportedProto => "ERR_UNSUPPORTED_PROTO",
        AidErrorCode.Security => "ERR_SECURITY",
        AidErrorCode.DnsLookupFailed => "ERR_DNS_LOOKUP_FAILED",
        AidErrorCode.FallbackFailed => "ERR_FALLBACK_FAILED",
        _ => "ERR_UNKNOWN",
    };

    public override string ToString() => $"{Name} ({(int)Code}): {Message}";
}
