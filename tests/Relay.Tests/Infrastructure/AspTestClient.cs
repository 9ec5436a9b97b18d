using System.Buffers;
using System.Net.WebSockets;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Relay.Auth;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Relay.Tests.Infrastructure;

/// <summary>How a test presents its token on the upgrade.</summary>
public enum TokenVia
{
    None,
    Header,
    Subprotocol,
    Query,
}

/// <summary>A raw asp-v1 client over ClientWebSocket: writes and reads frames with the Protocol codec, nothing more.</summary>
public sealed class AspTestClient : IAsyncDisposable
{
    private readonly byte[] _buffer = new byte[2 * 1024 * 1024];

    private AspTestClient(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    /// <summary>The highest server <c>s</c> seen (reliable sessions).</summary>
    public ulong LastSeq { get; private set; }

    public WebSocketCloseStatus? CloseStatus => Socket.CloseStatus;

    public static async Task<AspTestClient> ConnectAsync(Uri relay, string? token, TokenVia via = TokenVia.Header, string? extraQuery = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("asp-v1");
        var uri = new UriBuilder(relay) { Scheme = relay.Scheme == "https" ? "wss" : "ws", Path = "/v1/agent-socket" };
        var query = extraQuery ?? "";
        switch (via)
        {
            case TokenVia.Header:
                socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
                break;
            case TokenVia.Subprotocol:
                socket.Options.AddSubProtocol(AgentSocketAuthenticator.ToSubprotocol(token!));
                break;
            case TokenVia.Query:
                query = "access_token=" + Uri.EscapeDataString(token!);
                break;
        }
        uri.Query = query;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(uri.Uri, cts.Token);
        return new AspTestClient(socket);
    }

    public async Task<ServerHelloFrame> HelloAsync(string[]? caps = null, string? role = null, string[]? agents = null,
        string? resume = null, ulong? lastSeq = null)
    {
        await SendAsync(new ClientHelloFrame(1, caps ?? ["stream", "tools", "request"]) { Role = role, Agents = agents, Resume = resume, LastSeq = lastSeq });
        var frame = await ReceiveAsync();
        return Assert.IsType<ServerHelloFrame>(frame);
    }

    public Task SendAsync(AspFrame frame, ulong? sessionSeq = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        AspV1Protocol.Write(frame, sessionSeq, buffer);
        return SendRawAsync(buffer.WrittenMemory);
    }

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, WebSocketMessageType type = WebSocketMessageType.Binary)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Socket.SendAsync(bytes, type, true, cts.Token);
    }

    /// <summary>Next frame; fails the test on timeout or close.</summary>
    public async Task<AspFrame> ReceiveAsync(TimeSpan? timeout = null)
    {
        var frame = await TryReceiveAsync(timeout ?? TimeSpan.FromSeconds(10));
        return frame ?? throw new InvalidOperationException($"socket closed: {Socket.CloseStatus} {Socket.CloseStatusDescription}");
    }

    /// <summary>Next frame, or null when the server closed the socket.</summary>
    public async Task<AspFrame?> TryReceiveAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var length = 0;
        while (true)
        {
            var result = await Socket.ReceiveAsync(_buffer.AsMemory(length), cts.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            length += result.Count;
            if (!result.EndOfMessage) continue;
            var frame = AspV1Protocol.Parse(_buffer.AsMemory(0, length).ToArray());
            if (frame.SessionSeq is { } s) LastSeq = s;
            return frame;
        }
    }

    /// <summary>Reads frames until <paramref name="match"/> holds, collecting everything read.</summary>
    public async Task<List<AspFrame>> ReceiveUntilAsync(Func<AspFrame, bool> match, TimeSpan? timeout = null)
    {
        var frames = new List<AspFrame>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException("expected frame not received; got " + string.Join(", ", frames.Select(f => f.Opcode)));
            var frame = await ReceiveAsync(left);
            frames.Add(frame);
            if (match(frame)) return frames;
        }
    }

    /// <summary>Reads until the server closes; returns the frames read before.</summary>
    public async Task<List<AspFrame>> ReadUntilClosedAsync(TimeSpan timeout)
    {
        var frames = new List<AspFrame>();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var frame = await TryReceiveAsync(deadline - DateTime.UtcNow);
            if (frame is null) return frames;
            frames.Add(frame);
        }
        throw new TimeoutException("the server did not close");
    }

    public ValueTask DisposeAsync() => Socket.CloseQuietlyAsync();
}
