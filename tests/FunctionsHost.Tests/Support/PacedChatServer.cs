using System.Globalization;
using System.Text.Json;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.FunctionsHost.Tests.Support;

/// <summary>
/// An OpenAI-compatible chat-completions server for the <c>llm</c> agent: it streams "p0 p1 …" as SSE deltas
/// <see cref="DelayMs"/> apart, or, for a prompt of "hang", one delta and then nothing until the caller goes away
/// (counted in <see cref="Aborted"/>; "stall" sends nothing at all: proof that the function's cancellation reached its upstream call).
/// </summary>
public sealed class PacedChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _aborted;
    private int _open;

    private PacedChatServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public int Pieces { get; set; } = 6;

    public int DelayMs { get; set; } = 100;

    public int Aborted => Volatile.Read(ref _aborted);

    /// <summary>Requests being answered right now.</summary>
    public int Open => Volatile.Read(ref _open);

    public static async Task<PacedChatServer> StartAsync()
    {
        var url = "http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new PacedChatServer(app, url);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var body = await JsonDocument.ParseAsync(http.Request.Body);
        var prompt = body.RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString();
        http.Response.ContentType = "text/event-stream";
        var ct = http.RequestAborted;
        Interlocked.Increment(ref _open);
        try
        {
            if (prompt == "stall")
            {
                // Nothing at all until the caller goes away: the function has not started its response.
                await Task.Delay(Timeout.Infinite, ct);
            }
            if (prompt == "hang")
            {
                await WriteDeltaAsync(http, "waiting", ct);
                await Task.Delay(Timeout.Infinite, ct);
            }
            for (var i = 0; i < Pieces; i++)
            {
                if (i > 0) await Task.Delay(DelayMs, ct);
                await WriteDeltaAsync(http, "p" + i.ToString(CultureInfo.InvariantCulture) + " ", ct);
            }
            await http.Response.WriteAsync("data: [DONE]\n\n", ct);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _aborted);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private static async Task WriteDeltaAsync(HttpContext http, string text, CancellationToken ct)
    {
        var chunk = JsonSerializer.Serialize(new { choices = new[] { new { index = 0, delta = new { content = text } } } });
        await http.Response.WriteAsync("data: " + chunk + "\n\n", ct);
        await http.Response.Body.FlushAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
