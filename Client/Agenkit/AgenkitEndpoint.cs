using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AgentPlatform.Client.Agenkit;

/// <summary>
/// Where an agenkit peer listens: <c>unix:///path/to.sock</c> or <c>tcp://host:port</c> (seed 003 §3.1; IPv6 hosts
/// in brackets). Parsing is strict so that a typo fails at construction, not at the first call.
/// </summary>
public sealed record AgenkitEndpoint
{
    private AgenkitEndpoint(string? path, string? host, int port)
    {
        Path = path;
        Host = host;
        Port = port;
    }

    /// <summary>The socket file of a <c>unix://</c> endpoint; null for TCP.</summary>
    public string? Path { get; }

    /// <summary>The host of a <c>tcp://</c> endpoint; null for Unix.</summary>
    public string? Host { get; }

    /// <summary>The port of a <c>tcp://</c> endpoint; 0 for Unix.</summary>
    public int Port { get; }

    public bool IsUnix => Path is not null;

    /// <summary>A Unix socket endpoint.</summary>
    public static AgenkitEndpoint Unix(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new(path, null, 0);
    }

    /// <summary>A TCP endpoint.</summary>
    public static AgenkitEndpoint Tcp(string host, int port)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        return new(null, host, port);
    }

    /// <summary>Parses <c>unix://…</c> or <c>tcp://host:port</c>; throws <see cref="FormatException"/> otherwise.</summary>
    public static AgenkitEndpoint Parse(string text) =>
        TryParse(text, out var endpoint) ? endpoint : throw new FormatException("not an agenkit endpoint (unix:///path or tcp://host:port): " + text);

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AgenkitEndpoint? endpoint)
    {
        endpoint = null;
        if (text is null) return false;
        if (text.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = text["unix://".Length..];
            if (path.Length == 0) return false;
            endpoint = Unix(path);
            return true;
        }
        if (!text.StartsWith("tcp://", StringComparison.Ordinal)) return false;
        var rest = text["tcp://".Length..].TrimEnd('/');
        var colon = rest.LastIndexOf(':');
        if (colon <= 0) return false;
        var host = rest[..colon];
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        if (host.Length == 0 || !int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
        {
            return false;
        }
        endpoint = new(null, host, port);
        return true;
    }

    /// <summary>The socket address to connect to (a TCP host name is resolved first).</summary>
    public async Task<EndPoint> ResolveAsync(CancellationToken cancellationToken)
    {
        if (Path is not null) return new UnixDomainSocketEndPoint(Path);
        if (IPAddress.TryParse(Host, out var address)) return new IPEndPoint(address, Port);
        var addresses = await Dns.GetHostAddressesAsync(Host!, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
        return new IPEndPoint(addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0], Port);
    }

    public override string ToString() => Path is not null
        ? "unix://" + Path
        : "tcp://" + (Host!.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);
}
