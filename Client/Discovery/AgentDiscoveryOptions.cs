using System.Net;

namespace AgentPlatform.Client.Discovery;

/// <summary>Options of <see cref="AgentDiscovery"/>.</summary>
public sealed class AgentDiscoveryOptions
{
    /// <summary>DNS servers to ask, in order; null uses the system's (DnsClient reads /etc/resolv.conf on Linux).</summary>
    public IReadOnlyList<IPEndPoint>? NameServers { get; init; }

    /// <summary>Time to wait for one answer from one server.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>UDP attempts per server before moving on.</summary>
    public int Attempts { get; init; } = 2;

    /// <summary>Protocol tokens this client can speak; a record naming another is ERR_UNSUPPORTED_PROTO. Null accepts every registered token.</summary>
    public IReadOnlyCollection<string>? SupportedProtocols { get; init; }

    /// <summary>Clock for the <c>dep</c> (deprecation) check.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
