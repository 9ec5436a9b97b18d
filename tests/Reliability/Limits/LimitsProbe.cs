using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentPlatform.Reliability.Limits;

/// <summary>What the limits scenarios do on the wire: slow sockets that dribble headers, and a normal AgentChat client.</summary>
internal static class LimitsProbe
{
    /// <summary>Opens a socket, sends half a request, then one header byte a second until the server closes it; the time that took (null: never, within <paramref name="limit"/>).</summary>
    public static async Task<TimeSpan?> SlowlorisAsync(Uri relay, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(limit);
        var watch = Stopwatch.StartNew();
        try
        {
            await client.ConnectAsync(relay.Host, relay.Port, cts.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /agentchat HTTP/1.1\r\nHost: " + relay.Authority + "\r\nX-Slow: "), cts.Token).ConfigureAwait(false);
            var reader = DrainAsync(stream, cts.Token);
            while (!reader.IsCompleted)
            {
                await stream.WriteAsync("a"u8.ToArray(), cts.Token).ConfigureAwait(false);
                await Task.WhenAny(reader, Task.Delay(TimeSpan.FromSeconds(1), cts.Token)).ConfigureAwait(false);
            }
            return watch.Elapsed;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (IOException)
        {
            // The write failed: the server closed the socket.
            return watch.Elapsed;
        }
    }

    /// <summary>One normal AgentChat session: connect, IDENTIFY, WELCOME; its duration, or null when it was not served.</summary>
    public static async Task<TimeSpan?> ChatRoundTripAsync(Uri relay, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var socket = await OpenChatAsync(relay, cancellationToken).ConfigureAwait(false);
        if (socket is null) return null;
        var served = await IdentifyAsync(socket, "limits-probe", cancellationToken).ConfigureAwait(false);
        await CloseAsync(socket).ConfigureAwait(false);
        return served ? watch.Elapsed : null;
    }

    /// <summary>An upgraded AgentChat socket, or null when the upgrade was refused (the status is in <paramref name="refusal"/>).</summary>
    public static async Task<ClientWebSocket?> OpenChatAsync(Uri relay, CancellationToken cancellationToken, List<string>? refusal = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await socket.ConnectAsync(new UriBuilder(relay) { Scheme = "ws", Path = "/agentchat" }.Uri, cts.Token).ConfigureAwait(false);
            return socket;
        }
        catch (WebSocketException)
        {
            refusal?.Add(((int)socket.HttpStatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                         + (socket.HttpResponseHeaders?.TryGetValue("Retry-After", out var retry) == true ? " Retry-After " + string.Join(",", retry) : ""));
            socket.Dispose();
            return null;
        }
    }

    public static async Task<bool> IdentifyAsync(ClientWebSocket socket, string name, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            var identify = new JsonObject { ["type"] = "IDENTIFY", ["name"] = name }.ToJsonString();
            await socket.SendAsync(Encoding.UTF8.GetBytes(identify), WebSocketMessageType.Text, true, cts.Token).ConfigureAwait(false);
            var buffer = new byte[16 * 1024];
            for (var i = 0; i < 20; i++)
            {
                var result = await socket.ReceiveAsync(buffer, cts.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close) return false;
                if (Encoding.UTF8.GetString(buffer, 0, result.Count).Contains("\"WELCOME\"", StringComparison.Ordinal)) return true;
            }
            return false;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            return false;
        }
    }

    public static async Task CloseAsync(ClientWebSocket socket)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Gone already.
        }
        socket.Dispose();
    }

    private static async Task DrainAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        try
        {
            while (await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
                // A 408 or anything else before the close is ignored.
            }
        }
        catch (IOException)
        {
            // Reset: closed.
        }
    }
}
