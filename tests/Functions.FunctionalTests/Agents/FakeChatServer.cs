using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Functions.FunctionalTests.Agents;

/// <summary>
/// A small OpenAI-compatible chat-completions server for tests: answers <c>stream: true</c> requests with SSE
/// chunks ("You said: {last user message}" split in pieces) and records each request body and auth header.
/// </summary>
public sealed class FakeChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeChatServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentQueue<(JsonDocument Body, string? Authorization)> Requests { get; } = new();

    /// <summary>When set, the server answers with this status instead of a stream.</summary>
    public int? FailWith { get; set; }

    public static async Task<FakeChatServer> StartAsync()
    {
        var url = "http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new FakeChatServer(app, url);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var body = await JsonDocument.ParseAsync(http.Request.Body);
        Requests.Enqueue((body, http.Request.Headers.Authorization.ToString()));
        if (FailWith is { } status)
        {
            http.Response.StatusCode = status;
            return;
        }
        if (!body.RootElement.GetProperty("stream").GetBoolean())
        {
            http.Response.StatusCode = 400;
            return;
        }
        var last = body.RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
        var text = "You said: " + last;
        http.Response.ContentType = "text/event-stream";
        for (var i = 0; i < text.Length; i += 4)
        {
            var piece = text.Substring(i, Math.Min(4, text.Length - i));
            var chunk = JsonSerializer.Serialize(new { id = "x", @object = "chat.completion.chunk", choices = new[] { new { index = 0, delta = new { content = piece } } } });
            await http.Response.WriteAsync("data: " + chunk + "\n\n");
            await http.Response.Body.FlushAsync();
        }
        await http.Response.WriteAsync("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        await http.Response.WriteAsync("data: [DONE]\n\n");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
