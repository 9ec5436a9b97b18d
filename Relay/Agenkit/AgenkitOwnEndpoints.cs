using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>
/// The endpoints this Relay's agenkit listener actually bound, and whether a registered endpoint names one of them
/// after normalising: a Unix path canonicalised (full path, symbolic links resolved), a TCP host resolved, and a
/// wildcard bind (0.0.0.0, ::) matched by loopback, wildcard and this machine's own addresses on the bound port.
/// </summary>
public sealed class AgenkitOwnEndpoints
{
    private volatile string? _unixPath;
    private volatile IPEndPoint? _tcp;

    /// <summary>Records the bound Unix socket path.</summary>
    public void BoundUnix(string path) => _unixPath = Canonical(path);

    /// <summary>Records the bound TCP endpoint (its real port, when 0 was asked for).</summary>
    public void BoundTcp(IPEndPoint endpoint) => _tcp = endpoint;

    /// <summary>True when <paramref name="endpoint"/> reaches this listener (requests forwarded there would loop).</summary>
    public async Task<bool> IsOwnAsync(AgenkitEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        switch (endpoint.Address)
        {
            case UnixDomainSocketEndPoint unix:
                return _unixPath is { } own && string.Equals(Canonical(unix.ToString()), own, StringComparison.Ordinal);
            case IPEndPoint ip:
                return _tcp is { } bound && ip.Port == bound.Port && Reaches(ip.Address, bound.Address);
            case DnsEndPoint dns:
                if (_tcp is not { } tcp || dns.Port != tcp.Port) return false;
                IPAddress[] addresses;
                try
                {
                    addresses = await Dns.GetHostAddressesAsync(dns.Host, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    return false;   // unresolvable: not this listener (and a forward to it fails as AGENT_UNAVAILABLE)
                }
                return addresses.Any(a => Reaches(a, tcp.Address));
            default:
                return false;
        }
    }

    private static bool Reaches(IPAddress target, IPAddress bound)
    {
        target = Normal(target);
        bound = Normal(bound);
        if (target.Equals(bound)) return true;
        if (!bound.Equals(IPAddress.Any) && !bound.Equals(IPAddress.IPv6Any)) return false;
        // A wildcard bind answers on every local address; connecting to 0.0.0.0 or :: reaches the local host too.
        return IPAddress.IsLoopback(target) || target.Equals(IPAddress.Any) || target.Equals(IPAddress.IPv6Any) || LocalAddresses().Contains(target);
    }

    private static IPAddress Normal(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static HashSet<IPAddress> LocalAddresses()
    {
        var set = new HashSet<IPAddress>();
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses) set.Add(Normal(unicast.Address));
            }
        }
        catch (NetworkInformationException)
        {
            // Without the interface list only loopback and wildcard targets are recognised.
        }
        return set;
    }

    /// <summary>The full path with every symbolic link on the way resolved (the file itself may not exist).</summary>
    internal static string Canonical(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            try
            {
                var info = new FileInfo(next);
                if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target) next = Path.GetFullPath(target.FullName);
            }
            catch (IOException)
            {
                // Unreadable: keep the name as written.
            }
            catch (UnauthorizedAccessException)
            {
                // Likewise.
            }
            current = next;
        }
        return current;
    }
}
