namespace AgentPlatform.Client.Discovery;

/// <summary>No DNS server gave a usable answer (timeouts, refused connections, malformed replies).</summary>
public sealed class DnsLookupException : Exception
{
    public DnsLookupException()
    {
    }

    public DnsLookupException(string message)
        : base(message)
    {
    }

    public DnsLookupException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
