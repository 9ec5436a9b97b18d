using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.WebPubSub.Bench;

/// <summary>
/// The floor to compare against: plain Kestrel WebSockets with no protocol. <c>/ws</c> joins the one broadcast
/// set (each socket with its own writer, as the Relay's outboxes), <c>POST /broadcast</c> sends the body to all,
/// <c>/echo</c> echoes every frame.
/// </summary>
public sealed class RawPeer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, Channel<byte[]>> _members = new();
    private readonly WebApplication _app;
    private int _next;

    public RawPeer(int port)
    {
        Port = port;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Map("/ws", MemberAsync);
        _app.Map("/echo", EchoAsync);
        _app.MapPost("/broadcast", BroadcastAsync);
    }

    public int Port { get; }

    public Task StartAsync() => _app.StartAsync();

    private async Task MemberAsync(HttpContext http)
    {
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var channel = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        var id = Interlocked.Increment(ref _next);
        _members[id] = channel;
        var writer = Task.Run(async () =>
        {
            await foreach (var frame in channel.Reader.ReadAllAsync())
            {
                await socket.SendAsync(frame, WebSocketMessageType.Text, true, CancellationToken.None);
            }
        });
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var r = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (r.MessageType == WebSocketMessageType.Close) break;
            }
        }
        catch (WebSocketException)
        {
        }
        _members.TryRemove(id, out _);
        channel.Writer.TryComplete();
        await writer;
    }

    private async Task EchoAsync(HttpContext http)
    {
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[16 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var r = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (r.MessageType == WebSocketMessageType.Close) break;
                await socket.SendAsync(buffer.AsMemory(0, r.Count), r.MessageType, true, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
        }
    }

    private async Task BroadcastAsync(HttpContext http)
    {
        using var ms = new MemoryStream();
        await http.Request.Body.CopyToAsync(ms);
        var frame = ms.ToArray();
        foreach (var member in _members.Values) member.Writer.TryWrite(frame);
        http.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
