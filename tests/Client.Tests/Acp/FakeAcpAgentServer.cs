using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Client.Tests.Acp;

/// <summary>
/// An ACP agent on a real Kestrel WebSocket, written in the test from the spec (docs/protocol/acp.md, the RFD): one
/// JSON-RPC message per text frame, Bearer auth with 401, <c>Acp-Connection-Id</c> on the 101, close 1002 when the
/// first message is not initialize, and the Relay's replay extension. Prompts are commands: any text is echoed word by
/// word; <c>ask</c> asks permission; <c>read PATH</c> reads a file through the client; <c>wait</c> runs until
/// session/cancel; <c>fail</c> answers -32603. Until the Relay's /acp edge is merged this stands in for it.
/// </summary>
public sealed class FakeAcpAgentServer : IAsyncDisposable
{
    public const string Token = "acp-test-token";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeSession> _sessions = new(StringComparer.Ordinal);

    private FakeAcpAgentServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Every message the server received, by connection id.</summary>
    public ConcurrentQueue<(string Connection, JsonRpcMessage Message)> Received { get; } = new();

    public static async Task<FakeAcpAgentServer> StartAsync()
    {
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:" + port);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.UseWebSockets();
        var server = new FakeAcpAgentServer(app, new Uri("ws://127.0.0.1:" + port + "/acp"));
        app.Map("/acp", server.AcceptAsync);
        await app.StartAsync();
        return server;
    }

    /// <summary>Sends session notifications from outside a prompt (kept for replay when the owner is away).</summary>
    public async Task PushAsync(string sessionId, params string[] texts)
    {
        var session = _sessions[sessionId];
        foreach (var text in texts) await session.UpdateAsync(Chunk(text));
    }

    private async Task AcceptAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization != "Bearer " + Token)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        var id = Guid.NewGuid().ToString();
        context.Response.Headers["Acp-Connection-Id"] = id;
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var connection = new FakeAcpConnection(socket, id);
        var first = true;
        var running = new List<Task>();
        var buffer = new byte[1 << 16];
        while (socket.State == WebSocketState.Open)
        {
            var text = await ReceiveAsync(socket, buffer);
            if (text is null) break;
            var parsed = JsonRpcParser.Parse(text);
            if (parsed.Message is not { } message)
            {
                await connection.SendAsync(parsed.ErrorResponse!);
                continue;
            }
            Received.Enqueue((id, message));
            if (first && message.Method != AcpMethods.Initialize)
            {
                await socket.CloseAsync(WebSocketCloseStatus.ProtocolError, "First message must be initialize", CancellationToken.None);
                break;
            }
            first = false;
            running.RemoveAll(t => t.IsCompleted);
            // Prompts run beside the read loop, so that cancels and permission answers keep arriving.
            running.Add(Task.Run(() => HandleAsync(connection, message)));
        }
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // Its sessions stay, ownerless, for a load or a resume; what they send meanwhile is kept.
        foreach (var session in _sessions.Values) session.Release(connection);
    }

    private static async Task<string?> ReceiveAsync(WebSocket socket, byte[] buffer)
    {
        using var stream = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            }
            catch (WebSocketException)
            {
                return null;
            }
            if (result.MessageType == WebSocketMessageType.Close) return null;
            stream.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return Encoding.UTF8.GetString(stream.ToArray());
        }
    }

    private async Task HandleAsync(FakeAcpConnection connection, JsonRpcMessage message)
    {
        if (message.Kind == JsonRpcKind.Response)
        {
            connection.Answered(message);
            return;
        }
        var p = message.Params as JsonObject;
        var sessionId = message.SessionId;
        var session = sessionId is null ? null : _sessions.GetValueOrDefault(sessionId);
        var answer = message.Method switch
        {
            AcpMethods.Initialize => Initialize(connection, message, p),
            AcpMethods.SessionNew => NewSession(connection, message),
            AcpMethods.SessionLoad when session is null => JsonRpcMessage.SessionNotFound(message.Id, sessionId ?? ""),
            AcpMethods.SessionLoad => await session.LoadAsync(connection, message),
            AcpMethods.SessionPrompt when session is null => JsonRpcMessage.SessionNotFound(message.Id, sessionId ?? ""),
            AcpMethods.SessionPrompt => await session.PromptAsync(message),
            AcpMethods.SessionCancel => session?.Cancel(),
            AcpMethods.ReplayAck => null,
            AcpMethods.ReplayResume when session is null => JsonRpcMessage.SessionNotFound(message.Id, sessionId ?? ""),
            AcpMethods.ReplayResume => await session.ResumeAsync(connection, message),
            _ when message.Kind == JsonRpcKind.Request =>
                JsonRpcMessage.Failure(message.Id, JsonRpcErrorCodes.MethodNotFound, "Method not found", new JsonObject { ["method"] = message.Method }),
            _ => null,
        };
        if (answer is not null) await connection.SendAsync(answer);
    }

    private static JsonRpcMessage Initialize(FakeAcpConnection connection, JsonRpcMessage message, JsonObject? p)
    {
        connection.InitializeParams = p;
        connection.Replay = p?["_meta"]?["agentplatform/replay"] is JsonValue v && v.TryGetValue<bool>(out var on) && on;
        return JsonRpcMessage.Success(message.Id, new JsonObject
        {
            ["protocolVersion"] = 1,
            ["agentCapabilities"] = new JsonObject { ["loadSession"] = true },
            ["agentInfo"] = new JsonObject { ["name"] = "fake", ["version"] = "0.1" },
            ["authMethods"] = new JsonArray(),
        });
    }

    private JsonRpcMessage NewSession(FakeAcpConnection connection, JsonRpcMessage message)
    {
        var session = new FakeSession(Guid.NewGuid().ToString()) { Owner = connection };
        _sessions[session.Id] = session;
        return JsonRpcMessage.Success(message.Id, new JsonObject { ["sessionId"] = session.Id });
    }

    internal static JsonObject Chunk(string text) => new()
    {
        ["sessionUpdate"] = "agent_message_chunk",
        ["content"] = new JsonObject { ["type"] = "text", ["text"] = text },
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
