namespace AgentPlatform.Protocol.Aid;

/// <summary>AID error codes (AID specification, "Error codes"; numeric values as the reference implementation).</summary>
public enum AidErrorCode
{
    /// <summary>ERR_NO_RECORD: no <c>_agent</c> TXT record for the domain.</summary>
    NoRecord = 1000,

    /// <summary>ERR_INVALID_TXT: a record was found but is malformed, invalid or ambiguous.</summary>
    InvalidTxt = 1001,

    /// <summary>ERR_UNSUPPORTED_PROTO: valid, but the protocol is not supported.</summary>
    UnsupportedProto = 1002,

    /// <summary>ERR_SECURITY: refused by security policy (for example <c>p=websocket</c> with a <c>ws://</c> URI).</summary>
    Security = 1003,

    /// <summary>ERR_DNS_LOOKUP_FAILED: the DNS query failed for a network reason.</summary>
    DnsLookupFailed = 1004,

    /// <summary>ERR_FALLBACK_FAILED: the <c>.well-known</c> fallback failed.</summary>
    FallbackFailed = 1005,
}
