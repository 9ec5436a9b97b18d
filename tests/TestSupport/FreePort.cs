using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AgentPlatform.TestSupport;

/// <summary>
/// Picks a loopback TCP port that is free right now and that nothing else is likely to take before the caller binds it.
/// </summary>
/// <remarks>
/// Asking the kernel for port 0 returns a port from the ephemeral range, which outgoing connections draw from too:
/// between our probe and the server's bind, a client socket elsewhere in the test run can take it, and a second
/// redis-server on "our" port would be a shared one. So ports come from below the ephemeral range, from a
/// per-process random start and a counter (never the same port twice in one process), and each is checked bindable.
/// </remarks>
public static class FreePort
{
    private const int Lowest = 10_000;
    private static readonly int Highest = EphemeralRangeStart() - 1;
    private static int _next = Lowest + Random.Shared.Next(Highest - Lowest);

    public static int Next()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Lowest + (int)((uint)(Interlocked.Increment(ref _next) - Lowest) % (uint)(Highest - Lowest));
            if (IsBindable(port)) return port;
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsBindable(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int EphemeralRangeStart()
    {
        try
        {
            var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var start = int.Parse(text[0], CultureInfo.InvariantCulture);
            return start > Lowest + 1000 ? start : 32768;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return 32768;   // Linux's default start
        }
    }
}
