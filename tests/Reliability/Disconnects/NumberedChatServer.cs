using System.Globalization;
using System.Text.Json;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Reliability.Disconnects;

/// <summary>
/// An OpenAI-compatible chat-completions endpoint for the platform's <c>llm</c> agent, so that a shipped agent
/// streams numbered chunks: the answer to a prompt <c>P</c> is <see cref="Pieces"/> SSE deltas <c>P#0;</c>,
/// <c>P#1;</c>… <see cref="DelayMs"/> apart. Every chunk names its invocation and its number, so a counter on the
/// client's side tells a lost chunk from a duplicate.
/// </summary>
public sealed class NumberedChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NumberedChatServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Chunks per answer.</summary>
    public const int Pieces = 16;

    /// <summary>Pause between chunks: long enough that a cut lands inside a stream, short enough for 100 cuts.</summary>
    public const int DelayMs = 15;

    /// <summary>The base URL (<c>http://127.0.0.1:PORT/v1</c>) for <c>Agents:Llm:Endpoint</c>.</summary>
    public string Url { get; }

    /// <summary>The text of chunk <paramref name="index"/> of the answer to <paramref name="prompt"/>.</summary>
    public static string Chunk(string prompt, int index) => prompt + "#" + index.ToString(CultureInfo.InvariantCulture) + ";";

    public static async Task<NumberedChatServer> StartAsync()
    {
        var root = "http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(root);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new NumberedChatServer(app, root + "/v1");
        app.MapPost("/v1/chat/completions", HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        return server;
    }

    private static async Task HandleAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        string prompt;
        using (var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct).ConfigureAwait(false))
        {
            prompt = body.RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString() ?? "";
        }
        http.Response.ContentType = "text/event-stream";
        try
        {
            for (var i = 0; i < Pieces; i++)
            {
                if (i > 0) await Task.Delay(DelayMs, ct).ConfigureAwait(false);
                var chunk = JsonSerializer.Serialize(new { choices = new[] { new { delta = new { content = Chunk(prompt, i) } } } });
                await http.Response.WriteAsync("data: " + chunk + "\n\n", ct).ConfigureAwait(false);
                await http.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            }
            await http.Response.WriteAsync("data: [DONE]\n\n", ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The agent went away (an interrupted invocation): nothing more to say.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
