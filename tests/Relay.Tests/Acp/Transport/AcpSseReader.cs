using System.Text;
using System.Text.Json.Nodes;

namespace AgentPlatform.Relay.Tests.Acp.Transport;

/// <summary>Reads an ACP SSE response: <c>data: &lt;json&gt;</c> events and <c>:</c> keep-alive comments, every read bounded.</summary>
public sealed class AcpSseReader(HttpResponseMessage response, Stream body) : IDisposable
{
    private readonly StreamReader _reader = new(body, Encoding.UTF8);

    public HttpResponseMessage Response { get; } = response;

    public static async Task<AcpSseReader> OpenAsync(HttpClient http, string connectionId, string? sessionId = null, string path = "/acp")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Accept", "text/event-stream");
        request.Headers.Add("Acp-Connection-Id", connectionId);
        if (sessionId is not null) request.Headers.Add("Acp-Session-Id", sessionId);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new AcpSseReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next line that is not blank: a <c>data:</c> line's JSON, or null for a comment (keep-alive).</summary>
    public async Task<(JsonObject? Message, bool Comment)> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        for (var i = 0; i < 1000; i++)
        {
            var line = await _reader.ReadLineAsync(cts.Token) ?? throw new EndOfStreamException("stream ended");
            if (line.Length == 0) continue;
            if (line.StartsWith(':')) return (null, true);
            if (line.StartsWith("data: ", StringComparison.Ordinal)) return ((JsonObject)JsonNode.Parse(line["data: ".Length..])!, false);
        }
        throw new InvalidOperationException("no event");
    }

    /// <summary>The next JSON-RPC message (keep-alives skipped).</summary>
    public async Task<JsonObject> MessageAsync(TimeSpan? timeout = null)
    {
        for (var i = 0; i < 1000; i++)
        {
            var (message, _) = await NextAsync(timeout);
            if (message is not null) return message;
        }
        throw new InvalidOperationException("no message");
    }

    /// <summary>True when the stream ends (EOF) within the timeout, skipping anything left.</summary>
    public async Task<bool> EndsAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            for (var i = 0; i < 10_000; i++)
            {
                if (await _reader.ReadLineAsync(cts.Token) is null) return true;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
            return ex is not OperationCanceledException;
        }
        return false;
    }

    public void Dispose()
    {
        _reader.Dispose();
        Response.Dispose();
    }
}
