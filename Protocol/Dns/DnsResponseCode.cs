namespace AgentPlatform.Protocol.Dns;

/// <summary>RCODE values (RFC 1035 §4.1.1).</summary>
public enum DnsResponseCode
{
    NoError = 0,
    FormatError = 1,
    ServerFailure = 2,
    NameError = 3,
    NotImp = 4,
    Refused = 5,
}
