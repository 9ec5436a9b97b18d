using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using AgentPlatform.EndToEnd.Hosting;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.TestSupport;

namespace AgentPlatform.EndToEnd.AgentSocket;

/// <summary>asp-v1 through the whole AppHost composition: Relay, Registry and Functions as separate processes.</summary>
[Collection(SharedPlatform.Name)]
public sealed class AgentSocketEndToEndTests(PlatformFixture fixture)
{
    private PlatformEndpoints Endpoints => fixture.Platform.Endpoints;

    private Task<AspSocket> ConnectAsync() => AspSocket.ConnectAsync(Endpoints.AgentSocketUrl!, Endpoints.AgentSocketToken);

    [Fact]
    public async Task Killing_Functions_between_two_turns_loses_nothing_the_conversation_continues()
    {
        await using var socket = await ConnectAsync();
        await socket.HelloAsync(["stream"]);
        var first = await TurnAsync(socket, "t1", "my name is Ada");
        Assert.Equal(1, first["turn"].AsInt64());

        var before = Endpoints.ProcessIds["functions"];
        using (var victim = Process.GetProcessById(before)) victim.Kill();
        await Eventually.TrueAsync(() => !PlatformProcess.IsRunning(before), TimeSpan.FromSeconds(10), "Functions killed");

        // AppHost restarts it; until then the Relay answers FUNCTION_UNAVAILABLE (retryable), so the client retries.
        MsgPackValue? second = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        for (var attempt = 0; second is null; attempt++)
        {
            Assert.True(DateTime.UtcNow < deadline, "the conversation did not continue within 60 s");
            try
            {
                second = await TurnAsync(socket, "t2-" + attempt, "what is my name?");
            }
            catch (RetryableException)
            {
                await Task.Delay(250, TestContext.Current.CancellationToken);
            }
        }
        Assert.Equal(2, second["turn"].AsInt64());
        var history = second["history"].AsArray().Select(v => v.AsString()).ToArray();
        Assert.Equal(["my name is Ada", "what is my name?"], history);
        // The conversation may continue before Aspire's next health probe sees the new process healthy;
        // endpoints.json names it from then on.
        await Eventually.TrueAsync(() => fixture.Platform.ReloadEndpoints().ProcessIds["functions"] != before,
            TimeSpan.FromSeconds(20), "endpoints.json names the restarted Functions host");
    }

    [Fact]
    public async Task Interrupt_while_the_agent_waits_for_a_reply_ends_it_with_INTERRUPTED()
    {
        await using var socket = await ConnectAsync();
        await socket.HelloAsync(["stream", "tools", "request"]);
        await socket.SendAsync(new InvokeFrame("ask", "tools", MsgPackValue.Map(("question", "name?"))));
        while (await socket.ReceiveNonAckAsync() is not RequestFrame)
        {
        }
        await socket.SendAsync(new InterruptFrame("ask") { Reason = "changed my mind" });
        var error = Assert.IsType<ErrorFrame>(await socket.ReceiveNonAckAsync());
        Assert.Equal((AspErrorCodes.Interrupted, "ask", false), (error.Code, error.Id, error.Retryable));
        // The connection carries on.
        await socket.SendAsync(new InvokeFrame("after", "echo", MsgPackValue.From(7)));
        Assert.Equal(7, Assert.IsType<StreamFrame>(await socket.ReceiveNonAckAsync()).Data.AsInt64());
    }

    [Fact]
    public async Task A_dropped_connection_resumes_mid_invocation_with_no_loss_and_no_duplicates()
    {
        string[] caps = ["reliable", "stream", "tools", "request"];
        var socket = await ConnectAsync();
        var hello = await socket.HelloAsync(caps);
        await socket.SendAsync(new InvokeFrame("r1", "tools", MsgPackValue.Map(("question", "name?"))), sessionSeq: 1);
        var toolDef = Assert.IsType<ToolDefFrame>(await socket.ReceiveNonAckAsync());
        Assert.Equal(1UL, toolDef.SessionSeq);
        // Drop the socket without a goodbye; the REQUEST that follows is sent while nobody listens.
        socket.Socket.Abort();
        await socket.DisposeAsync();
        await Task.Delay(300, TestContext.Current.CancellationToken);

        await using var again = await ConnectAsync();
        var resumed = await again.HelloAsync(caps, resume: hello.ResumeToken, lastSeq: 1);
        Assert.Equal((hello.Session, 2UL, 1UL), (resumed.Session, resumed.Seq, resumed.LastSeq));
        var request = Assert.IsType<RequestFrame>(await again.ReceiveNonAckAsync());
        Assert.Equal(2UL, request.SessionSeq);
        await again.SendAsync(new ReplyFrame("r1", request.Rid, MsgPackValue.From("Ada")), sessionSeq: 2);
        var seen = new List<AspFrame>();
        while (seen.LastOrDefault() is not (CompleteFrame or ErrorFrame)) seen.Add(await again.ReceiveNonAckAsync());
        Assert.Equal([3UL, 4UL], seen.Select(f => f.SessionSeq!.Value));
        Assert.Equal("Hello, Ada!", Assert.IsType<StreamFrame>(seen[0]).Data.AsString());
        Assert.IsType<CompleteFrame>(seen[1]);
    }

    [Fact]
    public async Task A_wrong_or_missing_token_is_refused_with_401()
    {
        foreach (var token in new[] { "wrong-token", "" })
        {
            using var socket = new ClientWebSocket();
            socket.Options.CollectHttpResponseDetails = true;
            socket.Options.AddSubProtocol("asp-v1");
            if (token.Length > 0) socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Endpoints.AgentSocketUrl!, TestContext.Current.CancellationToken));
            Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
        }
    }

    private static async Task<MsgPackValue> TurnAsync(AspSocket socket, string id, string said)
    {
        await socket.SendAsync(new InvokeFrame(id, "conversation", MsgPackValue.From(said)));
        MsgPackValue? chunk = null;
        while (true)
        {
            switch (await socket.ReceiveNonAckAsync())
            {
                case StreamFrame s:
                    chunk = s.Data;
                    break;
                case CompleteFrame:
                    return chunk ?? throw new InvalidOperationException("COMPLETE without a chunk");
                case ErrorFrame e when e.Retryable:
                    throw new RetryableException(e.Code);
                case var other:
                    throw new InvalidOperationException("unexpected " + other);
            }
        }
    }

    private sealed class RetryableException(string code) : Exception(code);
}
