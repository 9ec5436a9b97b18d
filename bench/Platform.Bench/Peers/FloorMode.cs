using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Platform.Bench.Peers;

/// <summary>
/// <c>floor</c>: the .NET floor process, bare Kestrel with no protocol. <c>/ws</c> echoes every WebSocket message,
/// <c>POST /post</c> echoes its body, <c>/member</c> joins the broadcast set (a writer per socket, as the Relay's
/// outboxes) and <c>POST /broadcast</c> sends its body to every member.
/// </summary>
public static class FloorMode
{
    public static async Task<int> RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = builder.Build();
        var members = new ConcurrentDictionary<int, Channel<byte[]>>();
        var next = 0;
        app.UseWebSockets();
        app.Map("/ws", EchoAsync);
        app.MapPost("/post", PostEchoAsync);
        app.Map("/member", http => MemberAsync(http, members, Interlocked.Increment(ref next)));
        app.MapPost("/broadcast", async http =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var frame = body.ToArray();
            foreach (var member in members.Values) member.Writer.TryWrite(frame);
            http.Response.StatusCode = StatusCodes.Status202Accepted;
        });
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.TrySetResult();
        });
        await app.StartAsync();
        var port = new Uri(app.Urls.First()).Port;
        Console.WriteLine("READY {\"port\":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}");
        var stdinClosed = Task.Run(() => Console.In.ReadToEnd());
        await Task.WhenAny(stop.Task, stdinClosed);
        await app.StopAsync();
        return 0;
    }

    private static async Task EchoAsync(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = 400;
            return;
        }
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[1 << 16];
        try
        {
            while (true)
            {
                var r = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (r.MessageType == WebSocketMessageType.Close) break;
                await socket.SendAsync(buffer.AsMemory(0, r.Count), r.MessageType, r.EndOfMessage, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
        }
    }

    private static async Task PostEchoAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        http.Response.ContentType = "application/octet-stream";
        await http.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    private static async Task MemberAsync(HttpContext http, ConcurrentDictionary<int, Channel<byte[]>> members, int id)
    {
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var channel = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        members[id] = channel;
        var writer = Task.Run(async () =>
        {
            try
            {
                await foreach (var frame in channel.Reader.ReadAllAsync())
                {
                    await socket.SendAsync(frame, WebSocketMessageType.Text, true, CancellationToken.None);
                }
            }
            catch (WebSocketException)
            {
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
        members.TryRemove(id, out _);
        channel.Writer.TryComplete();
        await writer;
    }
}
