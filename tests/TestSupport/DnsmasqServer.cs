using System.Globalization;
using System.Text;

namespace AgentPlatform.TestSupport;

/// <summary>
/// A real dnsmasq (Debian's) on 127.0.0.1 and a free port, serving the TXT records a test gives it and answering
/// NXDOMAIN for other names under <c>local</c> domains. Configured through a conf file in a temp folder; stopped by
/// its process id.
/// </summary>
public sealed class DnsmasqServer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _dir;

    private DnsmasqServer(ChildProcess process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public static bool IsInstalled => File.Exists("/usr/sbin/dnsmasq");

    /// <param name="txtRecords">Owner name and its character-strings (each at most 255 bytes; dnsmasq keeps them as given).</param>
    /// <param name="localDomains">Domains dnsmasq is authoritative-ish for (unknown names there get NXDOMAIN).</param>
    public static async Task<DnsmasqServer> StartAsync(IEnumerable<(string Name, string[] Strings)> txtRecords, IEnumerable<string> localDomains)
    {
        ArgumentNullException.ThrowIfNull(txtRecords);
        ArgumentNullException.ThrowIfNull(localDomains);
        var port = FreePort.Next();
        var dir = Path.Combine(Path.GetTempPath(), "dnsmasq-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var conf = new StringBuilder();
        conf.Append("port=").Append(port.ToString(CultureInfo.InvariantCulture)).Append('\n');
        conf.Append("listen-address=127.0.0.1\nbind-interfaces\nno-resolv\nno-hosts\nno-poll\nlog-facility=-\npid-file=\nlocal-ttl=300\n");
        foreach (var domain in localDomains) conf.Append("local=/").Append(domain).Append("/\n");
        foreach (var (name, strings) in txtRecords)
        {
            conf.Append("txt-record=").Append(name);
            foreach (var s in strings) conf.Append(",\"").Append(s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
            conf.Append('\n');
        }
        var confPath = Path.Combine(dir, "dnsmasq.conf");
        await File.WriteAllTextAsync(confPath, conf.ToString()).ConfigureAwait(false);
        // --keep-in-foreground, not --no-daemon: the latter is debug mode, which serves a TCP connection in the main
        // process and answers no UDP while a client keeps that connection open (DnsClient pools it, as RFC 7766 allows).
        var child = ChildProcess.Start(File.Exists("/usr/sbin/dnsmasq") ? "/usr/sbin/dnsmasq" : "dnsmasq", ["--keep-in-foreground", "--conf-file=" + confPath], dir);
        try
        {
            await child.WaitForLineAsync(l => l.Contains("started", StringComparison.Ordinal), TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        }
        catch
        {
            await child.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new DnsmasqServer(child, dir, port);
    }

    public string Output => _process.Output;

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
