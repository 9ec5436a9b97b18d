using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using AgentPlatform.Protocol.Functions;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Functions.FunctionalTests.Hosting;

/// <summary>Calls a Functions host the way the Relay does and yields the response records as they arrive.</summary>
public sealed class InvokeClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public HttpClient Http => _http;

    public async Task<HttpResponseMessage> PostAsync(string agent, byte[] body, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "invoke/" + Uri.EscapeDataString(agent))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue(InvokeRequestBody.ContentType) } },
        };
        request.Headers.Accept.ParseAdd("application/vnd.agentplatform.chunks+msgpack");
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    public async IAsyncEnumerable<FunctionRecord> InvokeAsync(string agent, InvokeRequestBody body, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var response = await PostAsync(agent, body.ToBytes(), ct);
        response.EnsureSuccessStatusCode();
        await foreach (var record in ReadRecordsAsync(await response.Content.ReadAsStreamAsync(ct), ct)) yield return record;
    }

    public async Task<List<FunctionRecord>> InvokeAllAsync(string agent, InvokeRequestBody body, CancellationToken ct = default)
    {
        var records = new List<FunctionRecord>();
        await foreach (var record in InvokeAsync(agent, body, ct)) records.Add(record);
        return records;
    }

    public async Task<HttpResponseMessage> ReplyAsync(string agent, string id, string rid, ReplyBody body)
    {
        using var content = new ByteArrayContent(body.ToBytes()) { Headers = { ContentType = new MediaTypeHeaderValue(ReplyBody.ContentType) } };
        return await _http.PostAsync($"invoke/{agent}/{id}/replies/{rid}", content);
    }

    public static IAsyncEnumerable<FunctionRecord> ReadRecordsAsync(Stream stream, CancellationToken ct) => FunctionRecordBodies.ReadAsync(stream, ct);

    public static InvokeRequestBody Body(string session, MsgPackValue input, string id = "i1", string cid = "c1") => new(cid, session, id, input);

    public void Dispose() => _http.Dispose();
}
