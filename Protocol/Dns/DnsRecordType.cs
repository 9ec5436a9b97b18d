namespace AgentPlatform.Protocol.Dns;

/// <summary>Resource record types this codec names (RFC 1035 §3.2.2); others pass through as numbers.</summary>
public enum DnsRecordType : ushort
{
    A = 1,
    CName = 5,
    Txt = 16,
    Aaaa = 28,
    Opt = 41,
}
