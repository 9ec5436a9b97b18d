using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Functions.Agents.Llm;

/// <summary>
/// Streams a chat completion from an OpenAI-compatible endpoint (<c>stream: true</c>): each SSE event carries a
/// JSON chunk whose <c>choices[0].delta.content</c> is the next piece of text; <c>data: [DONE]</c> ends it.
/// </summary>
public sealed class ChatCompletionsClient(IHttpClientFactory httpClientFactory, IOptions<LlmOptions> options)
{
    public const string HttpClientName = "llm";

    public LlmOptions Options { get; } = options.Value;

    public async IAsyncEnumerable<string> StreamAsync(IReadOnlyList<ChatMessage> messages,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var http = httpClientFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, Options.CompletionsUri())
        {
            Content = new ByteArrayContent(BuildBody(messages)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (!string.IsNullOrEmpty(Options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Options.ApiKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new LlmException("LLM endpoint unreachable: " + ex.Message, retryable: true);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                throw new LlmException($"LLM endpoint answered {status}", retryable: status == 429 || status >= 500);
            }
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                if (item.Data == "[DONE]") yield break;
                var delta = ParseDelta(item.Data);
                if (!string.IsNullOrEmpty(delta)) yield return delta;
            }
        }
    }

    /// <summary>Extracts <c>choices[0].delta.content</c> from one streamed chunk; a malformed chunk is an error.</summary>
    public static string? ParseDelta(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.TryGetProperty("error", out var error))
            {
                var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.GetString() : error.ToString();
                throw new LlmException("LLM endpoint reported: " + message, retryable: false);
            }
            if (!doc.RootElement.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
            {
                return null;
            }
            var first = choices[0];
            if (first.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object
                && delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
            {
                return content.GetString();
            }
            return null;
        }
        catch (JsonException ex)
        {
            throw new LlmException("LLM endpoint sent a malformed stream chunk: " + ex.Message, retryable: true);
        }
    }

    private byte[] BuildBody(IReadOnlyList<ChatMessage> messages)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", Options.Model);
            json.WriteBoolean("stream", true);
            json.WriteStartArray("messages");
            foreach (var message in messages)
            {
                json.WriteStartObject();
                json.WriteString("role", message.Role);
                json.WriteString("content", message.Content);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
