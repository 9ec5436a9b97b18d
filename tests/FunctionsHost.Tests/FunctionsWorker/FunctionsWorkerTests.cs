using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AgentPlatform.FunctionsHost.Tests.Support;
using AgentPlatform.Protocol.Functions;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Protocol.WebPubSub.CloudEvents;
using AgentPlatform.TestSupport;

namespace AgentPlatform.FunctionsHost.Tests.FunctionsWorker;

/// <summary>
/// The relay-mode contract (docs/protocol/relay-functions.md) and the Web PubSub upstream, served by the real Functions
/// isolated worker through FunctionsHost: what passes against the in-process harness passes here.
/// </summary>
public sealed class FunctionsWorkerTests(FunctionsWorkerHost fixture) : IClassFixture<FunctionsWorkerHost>
{
    private HttpClient Http => fixture.Host.Http;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static InvokeRequestBody Body(MsgPackValue input, string id = "i1", string cid = "c1", string? session = null) =>
        new(cid, session ?? "s-" + Guid.NewGuid().ToString("N"), id, input);

    [Fact]
    public async Task Echo_streams_its_chunk_then_a_result_with_the_contracts_headers()
    {
        using var response = await RecordClient.PostInvokeAsync(Http, "echo", Body("hello"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.agentplatform.chunks+msgpack", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("X-Function-Instance"));
        var records = new List<FunctionRecord>();
        await foreach (var record in RecordClient.ReadAsync(await response.Content.ReadAsStreamAsync(Ct), Ct)) records.Add(record);
        Assert.Collection(records,
            r => Assert.Equal("hello", Assert.IsType<ChunkRecord>(r).Data.AsString()),
            r => Assert.NotNull(Assert.IsType<ResultRecord>(r).CpuMs));
    }

    [Fact]
    public async Task The_agent_catalog_lists_the_agents_the_worker_serves()
    {
        var names = await Http.GetFromJsonAsync<string[]>("agents", Ct) ?? [];
        Assert.Equal(["conversation", "echo", "llm", "tools"], names);
    }

    [Fact]
    public async Task An_unknown_agent_is_404_and_a_malformed_body_400_from_the_function()
    {
        using (var unknown = await RecordClient.PostInvokeAsync(Http, "nobody", Body(1), Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("unknown agent", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        using var content = new ByteArrayContent([0xc1]);
        using var bad = await Http.PostAsync("invoke/echo", content, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_1_MiB_input_round_trips_byte_for_byte()
    {
        // As large as an input gets: the echoed record (input plus its few bytes of framing) stays within the 1 MiB
        // record limit the Relay applies.
        var bytes = new byte[(1 << 20) - 64];
        new Random(7).NextBytes(bytes);
        var input = MsgPackValue.FromBinary(bytes);
        var records = await RecordClient.InvokeAllAsync(Http, "echo", Body(input), Ct);
        Assert.Equal(input.ToBytes(), Assert.IsType<ChunkRecord>(records[0]).Data.ToBytes());
        Assert.IsType<ResultRecord>(records[1]);
    }

    [Fact]
    public async Task Tools_pushes_tool_def_asks_through_request_and_uses_the_reply()
    {
        var body = Body("start", id: "inv-" + Guid.NewGuid().ToString("N")[..6], cid: "conn-1");
        var seen = new List<FunctionRecord>();
        await foreach (var record in RecordClient.InvokeAsync(Http, "tools", body, Ct))
        {
            seen.Add(record);
            if (record is not RequestRecord request) continue;
            var path = $"invoke/tools/{body.Id}/replies/{request.Rid}";
            using (var wrong = await RecordClient.PostToInvocationAsync(Http, path, new ReplyBody("conn-2", body.Session, "Mallory"), Ct))
            {
                Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
            }
            using var accepted = await RecordClient.PostToInvocationAsync(Http, path, new ReplyBody("conn-1", body.Session, "Ada"), Ct);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }
        Assert.Collection(seen,
            r => Assert.Equal("greet", Assert.Single(Assert.IsType<ToolDefRecord>(r).Tools).Name),
            r => Assert.Equal("question", Assert.IsType<RequestRecord>(r).RequestKind),
            r => Assert.Equal("Hello, Ada!", Assert.IsType<ChunkRecord>(r).Data.AsString()),
            r => Assert.Equal("Ada", Assert.IsType<ResultRecord>(r).Result!["name"].AsString()));
    }

    [Fact]
    public async Task Llm_chunks_produced_100_ms_apart_arrive_about_100_ms_apart()
    {
        var clock = Stopwatch.StartNew();
        var arrivals = new List<double>();
        string? text = null;
        await foreach (var record in RecordClient.InvokeAsync(Http, "llm", Body("pace me"), Ct))
        {
            if (record is ChunkRecord) arrivals.Add(clock.Elapsed.TotalMilliseconds);
            if (record is ResultRecord result) text = result.Result!["text"].AsString();
        }
        Assert.Equal("p0 p1 p2 p3 p4 p5 ", text);
        Assert.Equal(6, arrivals.Count);
        Pacing.AssertPaced(arrivals, 100);
    }

    [Fact]
    public async Task Interrupting_aborts_the_running_function_down_to_its_upstream_call_and_steering_reaches_it_while_it_runs()
    {
        var body = Body("hang", id: "steer-" + Guid.NewGuid().ToString("N")[..6], cid: "conn-s");
        var abortedBefore = fixture.Chat.Aborted;
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var records = RecordClient.InvokeAsync(Http, "llm", body, interrupt.Token).GetAsyncEnumerator(interrupt.Token);
        Assert.True(await records.MoveNextAsync());
        Assert.Equal("waiting", Assert.IsType<ChunkRecord>(records.Current).Data.AsString());

        // Steering (INTERRUPT with data) reaches the running invocation; a wrong cid or id does not.
        var steering = $"invoke/llm/{body.Id}/steering";
        using (var taken = await RecordClient.PostToInvocationAsync(Http, steering, new ReplyBody("conn-s", body.Session, "faster"), Ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, taken.StatusCode);
        }
        using (var nobody = await RecordClient.PostToInvocationAsync(Http, steering, new ReplyBody("conn-x", body.Session, "faster"), Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, nobody.StatusCode);
        }

        // INTERRUPT without data: the Relay aborts its HTTP request. The function's token fires, which cancels its own
        // call to the model: the chat server sees that request aborted.
        await interrupt.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await records.MoveNextAsync());
        await records.DisposeAsync();
        await Eventually.TrueAsync(() => fixture.Chat.Aborted > abortedBefore, TimeSpan.FromSeconds(10), "the model call is cancelled");
        await Eventually.TrueAsync(async () =>
        {
            using var gone = await RecordClient.PostToInvocationAsync(Http, steering, new ReplyBody("conn-s", body.Session, "late"), Ct);
            return gone.StatusCode == HttpStatusCode.NotFound;
        }, TimeSpan.FromSeconds(10), "the invocation ends");
    }

    [Fact]
    public async Task Web_PubSub_abuse_protection_answers_the_service_origin_only()
    {
        using (var ok = await Options(FunctionsWorkerHost.WebPubSubOrigin.Split(':')[0]))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("127.0.0.1", ok.Headers.GetValues(WebPubSubEventHeaders.AllowedOrigin).Single());
        }
        using var refused = await Options("evil.example");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task Web_PubSub_connect_and_user_events_are_handled_and_a_bad_signature_is_401()
    {
        var connectionId = "conn-" + Guid.NewGuid().ToString("N")[..8];
        using (var connect = await Event(WebPubSubEventKind.Connect, "connect", connectionId, "{\"claims\":{}}", "application/json", userId: "ada"))
        {
            Assert.Equal(HttpStatusCode.OK, connect.StatusCode);
            using var json = JsonDocument.Parse(await connect.Content.ReadAsStringAsync(Ct));
            Assert.Equal("ada", json.RootElement.GetProperty("userId").GetString());
        }
        using (var invoke = await Event(WebPubSubEventKind.User, "invoke", connectionId, "{\"agent\":\"nobody\",\"id\":\"w1\"}", "application/json"))
        {
            Assert.Equal(HttpStatusCode.OK, invoke.StatusCode);
            using var json = JsonDocument.Parse(await invoke.Content.ReadAsStringAsync(Ct));
            Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
            Assert.Equal("w1", json.RootElement.GetProperty("id").GetString());
        }
        using (var other = await Event(WebPubSubEventKind.User, "chat", connectionId, "hi", "text/plain"))
        {
            Assert.Equal(HttpStatusCode.NoContent, other.StatusCode);
        }
        using var forged = await Event(WebPubSubEventKind.Connect, "connect", connectionId, "{}", "application/json", signature: "sha256=00");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    private async Task<HttpResponseMessage> Options(string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "api/webpubsub/hubs/agents/");
        request.Headers.Add(WebPubSubEventHeaders.RequestOrigin, origin);
        return await Http.SendAsync(request, Ct);
    }

    private async Task<HttpResponseMessage> Event(WebPubSubEventKind kind, string eventName, string connectionId, string body, string contentType,
        string? userId = null, string? signature = null)
    {
        var context = new WebPubSubEventContext
        {
            Kind = kind,
            EventName = eventName,
            Hub = "agents",
            ConnectionId = connectionId,
            UserId = userId,
            Origin = "127.0.0.1",
            Signature = signature ?? WebPubSubSignature.Create(connectionId, [FunctionsWorkerHost.WebPubSubKey]),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/webpubsub/hubs/agents/" + (kind == WebPubSubEventKind.User ? "user/" : "system/") + eventName)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        foreach (var (name, value) in context.ToHeaders()) request.Headers.TryAddWithoutValidation(name, value);
        return await Http.SendAsync(request, Ct);
    }
}
