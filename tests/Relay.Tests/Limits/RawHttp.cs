using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace AgentPlatform.Relay.Tests.Limits;

/// <summary>
/// Raw sockets for the limits tests: hand-written HTTP/1.1 upgrades (so a refusal's body can be read, and an accepted
/// socket can stay silent or ignore pings), dribbled headers, and bounded waits for the server to close.
/// </summary>
internal sealed class RawHttp : IAsyncDisposable
{
    private RawHttp(TcpClient client) => Client = client;

    /// <summary>When the socket connected (deadlines run from here, so waits are measured from here too).</summary>
    public long Connected { get; } = Stopwatch.GetTimestamp();

    public TcpClient Client { get; }

    public NetworkStream Stream => Client.GetStream();

    /// <summary>What <see cref="ClosedWithinAsync"/> read before the close (at most 64 KiB).</summary>
    public MemoryStream Received { get; } = new();

    public static async Task<RawHttp> ConnectAsync(Uri relay)
    {
        var client = new TcpClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(relay.Host, relay.Port, cts.Token);
        return new RawHttp(client);
    }

    /// <summary>A WebSocket upgrade of <paramref name="pathAndQuery"/>; the answer's status, headers and (for a refusal) body.</summary>
    public static async Task<(RawHttp Socket, RawResponse Response)> UpgradeAsync(Uri relay, string pathAndQuery, string? subprotocol = null,
        string? authorization = null)
    {
        var raw = await ConnectAsync(relay);
        var request = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"GET {pathAndQuery} HTTP/1.1\r\nHost: {relay.Host}:{relay.Port}\r\n")
            .Append("Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n")
            .Append("Sec-WebSocket-Key: ").Append(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))).Append("\r\n");
        if (subprotocol is not null) request.Append("Sec-WebSocket-Protocol: ").Append(subprotocol).Append("\r\n");
        if (authorization is not null) request.Append("Authorization: ").Append(authorization).Append("\r\n");
        request.Append("\r\n");
        await raw.WriteAsync(request.ToString());
        return (raw, await raw.ReadResponseAsync());
    }

    public async Task WriteAsync(string text)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Stream.WriteAsync(Encoding.ASCII.GetBytes(text), cts.Token);
    }

    /// <summary>Reads a response head and, when it has a Content-Length, its body; bounded to 10 s.</summary>
    public async Task<RawResponse> ReadResponseAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 16 * 1024)
        {
            if (await Stream.ReadAsync(one, cts.Token) == 0) break;
            head.Add(one[0]);
            if (head.Count >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r') break;
        }
        var text = Encoding.ASCII.GetString(head.ToArray());
        var lines = text.Split("\r\n");
        var status = lines[0].Split(' ') is { Length: > 1 } parts ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        var body = "";
        if (status != 101 && headers.TryGetValue("Content-Length", out var length))
        {
            var buffer = new byte[int.Parse(length, CultureInfo.InvariantCulture)];
            await Stream.ReadExactlyAsync(buffer, cts.Token);
            body = Encoding.UTF8.GetString(buffer);
        }
        return new RawResponse(status, headers, body);
    }

    /// <summary>
    /// Reads and discards whatever the server sends (never answering, so pings go unanswered) until it closes the
    /// socket; the time from <see cref="Connected"/> to the close, or null if it was still open after <paramref name="limit"/>.
    /// </summary>
    public async Task<TimeSpan?> ClosedWithinAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await Stream.ReadAsync(buffer, cts.Token)) > 0)
            {
                // Pings and frames are never answered, on purpose; what came is kept for the test to look at.
                if (Received.Length < 64 * 1024) Received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (IOException)
        {
            // Reset by the server: closed as well.
        }
        return Stopwatch.GetElapsedTime(Connected);
    }

    public ValueTask DisposeAsync()
    {
        Received.Dispose();
        Client.Dispose();
        return ValueTask.CompletedTask;
    }
}
