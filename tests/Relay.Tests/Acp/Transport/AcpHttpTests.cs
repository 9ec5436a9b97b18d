using System.Net;
using System.Text.Json.Nodes;
using static AgentPlatform.Relay.Tests.Acp.Transport.AcpHttpClient;

namespace AgentPlatform.Relay.Tests.Acp.Transport;

/// <summary>ACP over Streamable HTTP on <c>/acp</c>: statuses, connection and session streams, routing, 409, DELETE, idleness.</summary>
public sealed class AcpHttpTests
{
    private static JsonObject NewSession(object id) => AcpWsClient.Request(id, "session/new", new JsonObject { ["cwd"] = "/", ["mcpServers"] = new JsonArray() });

    [Fact]
    public async Task Post_statuses_follow_the_sdk()
    {
        await using var relay = await AcpRelay.StartAsync();
        using var http = relay.Http();
        var (connectionId, init) = await InitializeAsync(http);
        Assert.True(Guid.TryParse(connectionId, out _));
        Assert.Equal(0, (int?)init["id"]);
        Assert.Equal("test", (string?)init["result"]!["agentInfo"]!["name"]);

        async Task Expect(HttpResponseMessage response, HttpStatusCode status, string body)
        {
            using (response)
            {
                Assert.Equal(status, response.StatusCode);
                Assert.Equal(body, await response.Content.ReadAsStringAsync());
            }
        }
        var echo = AcpWsClient.Request(1, "test/echo").ToJsonString();
        await Expect(await PostAsync(http, echo, connectionId, contentType: "text/plain"), HttpStatusCode.UnsupportedMediaType, "Unsupported Media Type");
        await Expect(await PostAsync(http, "{nope", connectionId), HttpStatusCode.BadRequest, "Invalid JSON");
        await Expect(await PostAsync(http, " 42", connectionId), HttpStatusCode.BadRequest, "Invalid JSON-RPC message");
        using (var invalid = await PostAsync(http, "{\"jsonrpc\":\"1.0\",\"id\":6,\"method\":\"x\"}", connectionId))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            var error = JsonNode.Parse(await invalid.Content.ReadAsStringAsync())!;
            Assert.Equal(6, (int?)error["id"]);
            Assert.Equal(-32600, (int?)error["error"]!["code"]);
        }
        await Expect(await PostAsync(http, "[" + echo + "]", connectionId), HttpStatusCode.BadRequest,
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: JSON-RPC batches are not supported"}}""");
        await Expect(await PostAsync(http, AcpWsClient.Request(9, "initialize", new JsonObject()), connectionId), HttpStatusCode.BadRequest,
            "Initialize not allowed on existing connection");
        await Expect(await PostAsync(http, echo), HttpStatusCode.BadRequest, "Missing Acp-Connection-Id");
        // As the SDK: an object that is no valid message is checked for its connection id first; arrays are refused before.
        await Expect(await PostAsync(http, """{"jsonrpc":"2.0"}"""), HttpStatusCode.BadRequest, "Missing Acp-Connection-Id");
        await Expect(await PostAsync(http, "[" + echo + "]"), HttpStatusCode.BadRequest,
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: JSON-RPC batches are not supported"}}""");
        await Expect(await PostAsync(http, echo, Guid.NewGuid().ToString()), HttpStatusCode.NotFound, "Unknown Acp-Connection-Id");
        await Expect(await PostAsync(http, echo, connectionId), HttpStatusCode.Accepted, "");
        await Expect(await PostAsync(http, AcpWsClient.Request(2, "session/prompt", new JsonObject { ["sessionId"] = "s" }), connectionId),
            HttpStatusCode.BadRequest, "Missing Acp-Session-Id");
        await Expect(await PostAsync(http, AcpWsClient.Request(3, "session/cancel"), connectionId), HttpStatusCode.BadRequest, "Missing Acp-Session-Id");
        await Expect(await PostAsync(http, AcpWsClient.Request(4, "session/prompt", new JsonObject { ["sessionId"] = "s" }), connectionId, "t"),
            HttpStatusCode.BadRequest, "Mismatched Acp-Session-Id");
        using var get = new HttpRequestMessage(HttpMethod.Get, "/acp");
        get.Headers.Add("Acp-Connection-Id", connectionId);
        await Expect(await http.SendAsync(get), HttpStatusCode.NotAcceptable, "Not Acceptable");
    }

    [Fact]
    public async Task Every_request_needs_the_token_and_an_unknown_agent_is_404()
    {
        await using var relay = await AcpRelay.StartAsync();
        using var anonymous = relay.Http(token: null);
        using var wrong = relay.Http("wrong");
        foreach (var client in new[] { anonymous, wrong })
        {
            using var post = await PostAsync(client, AcpWsClient.Request(0, "initialize", new JsonObject()));
            Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
            using var delete = await DeleteAsync(client, Guid.NewGuid().ToString());
            Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
        }
        Assert.Empty(relay.Default.Attachments);
        using var query = new HttpClient { BaseAddress = relay.Url };
        var (_, init) = await InitializeAsync(query, path: "/acp?access_token=" + AcpRelay.Token);
        Assert.Equal("test", (string?)init["result"]!["agentInfo"]!["name"]);
        using var http = relay.Http();
        using var missing = await PostAsync(http, AcpWsClient.Request(0, "initialize", new JsonObject()).ToJsonString(), path: "/acp/missing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task An_unavailable_agent_answers_500_initialize_failed()
    {
        await using var relay = await AcpRelay.StartAsync();
        relay.Default.UnavailableReason = "no such command";
        using var http = relay.Http();
        using var response = await PostAsync(http, AcpWsClient.Request(5, "initialize", new JsonObject()));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("""{"jsonrpc":"2.0","id":5,"error":{"code":-32603,"message":"Initialize failed","data":"no such command"}}""",
            await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Acp-Connection-Id"));
    }

    [Fact]
    public async Task Responses_and_agent_messages_are_routed_to_the_connection_or_the_session_stream()
    {
        await using var relay = await AcpRelay.StartAsync();
        using var http = relay.Http();
        var (cid, _) = await InitializeAsync(http);
        using var connectionStream = await AcpSseReader.OpenAsync(http, cid);
        Assert.Equal(HttpStatusCode.OK, connectionStream.Response.StatusCode);
        Assert.Equal("text/event-stream", connectionStream.Response.Content.Headers.ContentType?.MediaType);

        await AcceptedAsync(http, NewSession(1), cid);
        var created = await connectionStream.MessageAsync();
        Assert.Equal(1, (int?)created["id"]);
        var session = (string)created["result"]!["sessionId"]!;

        // The prompt's output waits in the session stream until a receiver attaches.
        await AcceptedAsync(http, AcpWsClient.Request(2, "session/prompt", new JsonObject { ["sessionId"] = session, ["count"] = 2 }), cid, session);
        using (var sessionStream = await AcpSseReader.OpenAsync(http, cid, session))
        {
            Assert.Equal("chunk 1", (string?)(await sessionStream.MessageAsync())["params"]!["update"]!["content"]!["text"]);
            Assert.Equal("chunk 2", (string?)(await sessionStream.MessageAsync())["params"]!["update"]!["content"]!["text"]);
            Assert.Equal(2, (int?)(await sessionStream.MessageAsync())["id"]);

            // An agent request about the session goes on the session stream; the client's answer must name the session.
            await AcceptedAsync(http, AcpWsClient.Request(3, "test/ask", new JsonObject { ["sessionId"] = session }), cid, session);
            var ask = await sessionStream.MessageAsync();
            Assert.Equal("session/request_permission", (string?)ask["method"]);
            Assert.Equal(3, (int?)(await sessionStream.MessageAsync())["id"]);
            var answer = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = ask["id"]!.DeepClone(), ["result"] = new JsonObject { ["outcome"] = "yes" } };
            using (var missing = await PostAsync(http, answer, cid))
            {
                Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
                Assert.Equal("Missing Acp-Session-Id", await missing.Content.ReadAsStringAsync());
            }
            using (var mismatched = await PostAsync(http, answer, cid, "other"))
            {
                Assert.Equal("Mismatched Acp-Session-Id", await mismatched.Content.ReadAsStringAsync());
            }
            await AcceptedAsync(http, answer, cid, session);
        }
        // A notification without a session goes on the connection stream, which saw none of the session's traffic.
        var answered = await connectionStream.MessageAsync();
        Assert.Equal("test/answered", (string?)answered["method"]);
        Assert.Equal("yes", (string?)answered["params"]!["result"]!["outcome"]);

        // session/load's response goes to the connection stream even though the request is session-scoped.
        await AcceptedAsync(http, AcpWsClient.Request(4, "session/load", new JsonObject { ["sessionId"] = session }), cid, session);
        var loaded = await connectionStream.MessageAsync();
        Assert.Equal(4, (int?)loaded["id"]);
        Assert.Equal(-32601, (int?)loaded["error"]!["code"]);
    }

    [Fact]
    public async Task A_second_receiver_on_a_stream_is_409_and_a_released_stream_can_be_taken_again()
    {
        await using var relay = await AcpRelay.StartAsync();
        using var http = relay.Http();
        var (cid, _) = await InitializeAsync(http);
        using (var first = await AcpSseReader.OpenAsync(http, cid))
        {
            Assert.Equal(HttpStatusCode.OK, first.Response.StatusCode);
            using var second = await AcpSseReader.OpenAsync(http, cid);
            Assert.Equal(HttpStatusCode.Conflict, second.Response.StatusCode);
            using var session = await AcpSseReader.OpenAsync(http, cid, "s1");
            Assert.Equal(HttpStatusCode.OK, session.Response.StatusCode);
            using var sessionAgain = await AcpSseReader.OpenAsync(http, cid, "s1");
            Assert.Equal(HttpStatusCode.Conflict, sessionAgain.Response.StatusCode);
        }
        await TestSupport.Eventually.TrueAsync(async () =>
        {
            using var again = await AcpSseReader.OpenAsync(http, cid);
            return again.Response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(5), "the stream is free once its receiver left");
    }

    [Fact]
    public async Task Delete_ends_the_connection_and_its_streams()
    {
        await using var relay = await AcpRelay.StartAsync();
        using var http = relay.Http();
        var (cid, _) = await InitializeAsync(http);
        using var stream = await AcpSseReader.OpenAsync(http, cid);
        using (var deleted = await DeleteAsync(http, cid)) Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.True(await stream.EndsAsync(TimeSpan.FromSeconds(5)), "the open stream ends");
        using (var again = await DeleteAsync(http, cid)) Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using (var post = await PostAsync(http, AcpWsClient.Request(1, "test/echo"), cid)) Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        await relay.Default.Attachments.Single().Disposed.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task An_idle_connection_is_dropped_but_an_open_stream_keeps_it_and_carries_keep_alives()
    {
        await using var relay = await AcpRelay.StartAsync(new() { ["Acp:IdleTimeout"] = "00:00:00.400", ["Acp:KeepAliveInterval"] = "00:00:00.100" });
        using var http = relay.Http();
        var (idle, _) = await InitializeAsync(http);
        var (watched, _) = await InitializeAsync(http);
        using var stream = await AcpSseReader.OpenAsync(http, watched);
        var (message, comment) = await stream.NextAsync(TimeSpan.FromSeconds(5));
        Assert.True(comment && message is null, "a keep-alive comment");
        // Probing would be activity itself: look once, well after the timeout (checked every quarter of it).
        await TestSupport.Eventually.TrueAsync(() => relay.Default.Attachments.First().Disposed.Task.IsCompleted, TimeSpan.FromSeconds(5),
            "the idle connection is dropped and its attachment disposed");
        using (var post = await PostAsync(http, AcpWsClient.Request(1, "test/echo"), idle)) Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        await AcceptedAsync(http, AcpWsClient.Request(2, "test/echo", new JsonObject { ["n"] = 2 }), watched);
        Assert.Equal(2, (int?)(await stream.MessageAsync())["result"]!["n"]);
    }

    [Fact]
    public async Task Output_nobody_reads_is_bounded_and_past_the_bound_the_connection_ends()
    {
        // 4 x 1024 bytes may wait in the streams; a prompt streaming 100 updates to a session stream nobody reads waits
        // for room, and after the stall timeout without progress the connection ends.
        await using var relay = await AcpRelay.StartAsync(new() { ["Acp:MaxMessageBytes"] = "1024", ["Acp:OutputStallTimeout"] = "00:00:00.500" });
        using var http = relay.Http();
        var (cid, _) = await InitializeAsync(http);
        var session = relay.Default.NewSessionId();
        relay.Default.Owners[session] = relay.Default.Attachments.Single();
        await AcceptedAsync(http, AcpWsClient.Request(1, "session/prompt", new JsonObject { ["sessionId"] = session, ["count"] = 100 }), cid, session);
        await relay.Default.Attachments.Single().Disposed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        using var post = await PostAsync(http, AcpWsClient.Request(2, "test/echo"), cid);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task Output_a_client_reads_late_waits_for_room_instead_of_ending_the_connection()
    {
        // Past half of 4 x 1024 bytes the agent's output waits; a reader that comes back in time gets all of it, in order.
        await using var relay = await AcpRelay.StartAsync(new() { ["Acp:MaxMessageBytes"] = "1024" });
        using var http = relay.Http();
        var (cid, _) = await InitializeAsync(http);
        var session = relay.Default.NewSessionId();
        relay.Default.Owners[session] = relay.Default.Attachments.Single();
        // The POST itself waits while the agent's output waits for room (backpressure, as the SDK's server).
        var posted = AcceptedAsync(http, AcpWsClient.Request(1, "session/prompt", new JsonObject { ["sessionId"] = session, ["count"] = 100 }), cid, session);
        await Task.Delay(500);
        Assert.False(relay.Default.Attachments.Single().Disposed.Task.IsCompleted, "the connection waits for its reader");
        using var stream = await AcpSseReader.OpenAsync(http, cid, session);
        for (var i = 1; i <= 100; i++)
        {
            var update = await stream.MessageAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("chunk " + i, (string?)update["params"]!["update"]!["content"]!["text"]);
        }
        Assert.Equal("end_turn", (string?)(await stream.MessageAsync(TimeSpan.FromSeconds(10)))["result"]!["stopReason"]);
        await posted;
    }
}
