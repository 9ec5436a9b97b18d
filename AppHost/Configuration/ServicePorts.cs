using System.Net;
using System.Net.Sockets;

namespace AgentPlatform.AppHost.Configuration;

/// <summary>
/// Ports are fixed before anything starts, so references can point both ways (relay ↔ functions) without
/// waiting. Fixed ports (base + n in declaration order) for humans; free ones (base 0) for tests.
/// </summary>
public sealed class ServicePorts(int? portBase)
{
    private readonly HashSet<int> _given = [];
    private int _next;

    public int Next()
    {
        if (portBase is { } b) return b + _next++;
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (_given.Add(port)) return port;
        }
    }
}
