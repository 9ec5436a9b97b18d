using System.Net;
using System.Text;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.CloudEvents;

namespace AgentPlatform.WebPubSub.FunctionalTests.Functional;

/// <summary>Functions as the hub <c>agents</c>' event handler behind the Relay: agent invocation over Web PubSub.</summary>
public class FunctionsHandlerTests
{
    [Fact]
    public async Task An_invoke_event_runs_a_functions_agent_and_streams_its_answer_to_the_connection()
    {
        await using var stack = await WpsTestHost.StartAsync(withFunctions: true);
        await using var ws = await WpsSocket.ConnectAsync(stack.ClientUri("agents", "ivy"), WebPubSubSubprotocols.JsonReliable);
        var connected = await ws.ReceiveJsonAsync();
        Assert.Equal("ivy", connected.GetProperty("userId").GetString());
        await ws.SendAsync("""{"type":"event","event":"invoke","ackId":1,"dataType":"json","data":{"agent":"echo","id":"i1","input":{"say":"hello"}}}""");
        var chunk = await ws.ReceiveJsonAsync();
        Assert.Equal("server", chunk.GetProperty("from").GetString());
        var chunkData = chunk.GetProperty("data");
        Assert.Equal("chunk", chunkData.GetProperty("type").GetString());
        Assert.Equal("i1", chunkData.GetProperty("id").GetString());
        Assert.Equal("hello", chunkData.GetProperty("data").GetProperty("say").GetString());
        var complete = await ws.ReceiveJsonAsync();
        Assert.Equal("complete", complete.GetProperty("data").GetProperty("type").GetString());
        Assert.Equal(1, complete.GetProperty("data").GetProperty("metrics").GetProperty("chunks").GetInt32());
        Assert.True(complete.GetProperty("sequenceId").GetInt32() > chunk.GetProperty("sequenceId").GetInt32());
        var ack = await ws.ReceiveJsonAsync();
        Assert.Equal("ack", ack.GetProperty("type").GetString());
        Assert.True(ack.GetProperty("success").GetBoolean());

        await ws.SendAsync("""{"type":"event","event":"invoke","ackId":2,"dataType":"json","data":{"agent":"nope","id":"i2"}}""");
        var error = (await ws.ReceiveJsonAsync()).GetProperty("data");
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("UNKNOWN_AGENT", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_handler_refuses_unsigned_or_foreign_requests_and_answers_abuse_protection()
    {
        await using var stack = await WpsTestHost.StartAsync(withFunctions: true);
        var functions = stack.Relay.Configuration["services:functions:http:0"]!;
        using var http = new HttpClient();
        using var options = new HttpRequestMessage(HttpMethod.Options, functions + "/api/webpubsub/hubs/agents/connect");
        options.Headers.Add("WebHook-Request-Origin", "127.0.0.1");
        using var preflight = await http.SendAsync(options);
        Assert.Equal(HttpStatusCode.OK, preflight.StatusCode);
        Assert.Equal("127.0.0.1", preflight.Headers.GetValues("WebHook-Allowed-Origin").Single());
        using var foreign = new HttpRequestMessage(HttpMethod.Options, functions + "/api/webpubsub/hubs/agents/connect");
        foreign.Headers.Add("WebHook-Request-Origin", "evil.example");
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(foreign)).StatusCode);

        var context = new WebPubSubEventContext
        {
            Kind = WebPubSubEventKind.User, EventName = "invoke", Hub = "agents", ConnectionId = "c1", Origin = "127.0.0.1",
            Signature = WebPubSubSignature.Create("c1", ["not the key"]),
        };
        using var post = new HttpRequestMessage(HttpMethod.Post, functions + "/api/webpubsub/hubs/agents/invoke");
        foreach (var (k, v) in context.ToHeaders()) post.Headers.TryAddWithoutValidation(k, v);
        post.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(post)).StatusCode);
    }
}
