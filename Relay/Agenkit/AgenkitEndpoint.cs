using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>An agenkit endpoint, <c>unix:///path</c> or <c>tcp://host:port</c>, as a socket address.</summary>
public sealed record AgenkitEndpoint(EndPoint Address, string Host)
{
    /// <summary>Parses an endpoint; null when it is neither form.</summary>
    public static AgenkitEndpoint? TryParse(string? endpoint)
    {
        if (string.IsNullOrEmpty(endpoint)) return null;
        if (endpoint.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = endpoint["unix://".Length..];
            return path.StartsWith('/') && path.Length < 108 ? new AgenkitEndpoint(new UnixDomainSocketEndPoint(path), "") : null;
        }
        if (!endpoint.StartsWith("tcp://", StringComparison.Ordinal)) return null;
        var hostPort = endpoint["tcp://".Length..].TrimEnd('/');
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostPort.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return null;
        }
        var host = hostPort[..colon].Trim('[', ']');
        EndPoint address = IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);
        return new AgenkitEndpoint(address, host);
    }

    /// <summary>A stream socket of the endpoint's family.</summary>
    public Socket CreateSocket() => Address is UnixDomainSocketEndPoint
        ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
}
