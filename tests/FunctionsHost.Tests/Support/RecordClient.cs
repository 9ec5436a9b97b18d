using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using AgentPlatform.Protocol.Functions;
using AgentPlatform.TestSupport;

namespace AgentPlatform.FunctionsHost.Tests.Support;

/// <summary>Calls the relay-mode routes the way the Relay does and reads the record stream as it arrives.</summary>
public static class RecordClient
{
    public static async Task<HttpResponseMessage> PostInvokeAsync(HttpClient http, string agent, InvokeRequestBody body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "invoke/" + Uri.EscapeDataString(agent))
        {
            Content = new ByteArrayContent(body.ToBytes()) { Headers = { ContentType = new MediaTypeHeaderValue(InvokeRequestBody.ContentType) } },
        };
        request.Headers.Accept.ParseAdd("application/vnd.agentplatform.chunks+msgpack");
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    public static async IAsyncEnumerable<FunctionRecord> InvokeAsync(HttpClient http, string agent, InvokeRequestBody body,
        [EnumeratorCancellation] CancellationToken ct)
    {
        using var response = await PostInvokeAsync(http, agent, body, ct);
        response.EnsureSuccessStatusCode();
        await foreach (var record in ReadAsync(await response.Content.ReadAsStreamAsync(ct), ct)) yield return record;
    }

    public static async Task<List<FunctionRecord>> InvokeAllAsync(HttpClient http, string agent, InvokeRequestBody body, CancellationToken ct)
    {
        var records = new List<FunctionRecord>();
        await foreach (var record in InvokeAsync(http, agent, body, ct)) records.Add(record);
        return records;
    }

    public static async Task<HttpResponseMessage> PostToInvocationAsync(HttpClient http, string path, ReplyBody body, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body.ToBytes()) { Headers = { ContentType = new MediaTypeHeaderValue(ReplyBody.ContentType) } };
        return await http.PostAsync(path, content, ct);
    }

    public static IAsyncEnumerable<FunctionRecord> ReadAsync(Stream stream, CancellationToken ct) => FunctionRecordBodies.ReadAsync(stream, ct);
}
