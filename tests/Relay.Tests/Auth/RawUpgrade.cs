using System.Net.Sockets;
using System.Text;

namespace AgentPlatform.Relay.Tests.Auth;

/// <summary>
/// A WebSocket upgrade written by hand over TCP, so a test can read the whole refusal (status, headers, problem body),
/// which ClientWebSocket does not expose.
/// </summary>
internal static class RawUpgrade
{
    public static async Task<(int Status, string Head, string Body)> SendAsync(Uri relay, string pathAndQuery, params (string Name, string Value)[] headers)
    {
        using var tcp = new TcpClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await tcp.ConnectAsync(relay.Host, relay.Port, cts.Token);
        var request = new StringBuilder()
            .Append("GET ").Append(pathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(relay.Authority).Append("\r\n")
            .Append("Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n")
            .Append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        foreach (var (name, value) in headers) request.Append(name).Append(": ").Append(value).Append("\r\n");
        request.Append("\r\n");
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()), cts.Token);
        // A refusal is a complete HTTP response; read until its body (Content-Length or chunked end) or the close.
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        while (buffer.Length < 1 << 20)
        {
            var n = await stream.ReadAsync(chunk, cts.Token);
            if (n == 0) break;
            buffer.Write(chunk, 0, n);
            var text = Encoding.UTF8.GetString(buffer.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0) continue;
            var head = text[..end];
            var body = text[(end + 4)..];
            if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
            {
                if (!body.EndsWith("0\r\n\r\n", StringComparison.Ordinal)) continue;
                body = Dechunk(body);
            }
            else if (ContentLength(head) is { } length && Encoding.UTF8.GetByteCount(body) < length)
            {
                continue;
            }
            return (int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), head, body);
        }
        throw new InvalidOperationException("no complete HTTP response");
    }

    private static int? ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal) ? 0 : null;
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var i = 0;
        while (i < body.Length)
        {
            var lineEnd = body.IndexOf("\r\n", i, StringComparison.Ordinal);
            var size = Convert.ToInt32(body[i..lineEnd], 16);
            if (size == 0) break;
            result.Append(body, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return result.ToString();
    }
}
