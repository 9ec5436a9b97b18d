using System.Net;

namespace AgentPlatform.Client.Discovery;

/// <summary>Reads the system's DNS servers from resolv.conf (<c>nameserver</c> lines, port 53).</summary>
public static class ResolvConf
{
    public static IReadOnlyList<IPEndPoint> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var servers = new List<IPEndPoint>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith("nameserver", StringComparison.Ordinal)) continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && IPAddress.TryParse(parts[1], out var address)) servers.Add(new IPEndPoint(address, 53));
        }
        return servers;
    }

    public static IReadOnlyList<IPEndPoint> ReadSystem(string path = "/etc/resolv.conf") =>
        File.Exists(path) ? Parse(File.ReadAllText(path)) : [];
}
