using System.Globalization;
using System.Net.WebSockets;
using System.Threading.Channels;
using AgentPlatform.AgentHost.Provider;
using AgentPlatform.Agents;
using AgentPlatform.Functions.Agents;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Client.Tests.AgentSocket;

/// <summary>
/// The direct-mode provider against a relay stand-in written here from asp-v1.md: the provider says HELLO as a
/// provider, then serves the frames the "relay" forwards with the same agent classes Functions runs.
/// </summary>
public sealed class ProviderTests
{
    [Fact]
    public async Task A_provider_serves_invoke_tool_def_request_reply_and_interrupt()
    {
        var frames = Channel.CreateUnbounded<AspFrame>();
        var toProvider = Channel.CreateUnbounded<AspFrame>();
        var hello = new TaskCompletionSource<ClientHelloFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        var url = "http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var relay = builder.Build();
        relay.UseWebSockets();
        relay.Map("/v1/agent-socket", async (HttpContext http) =>
        {
            using var ws = await http.WebSockets.AcceptWebSocketAsync("asp-v1");
            var buffer = new byte[1 << 16];
            var first = await ws.ReceiveAsync(buffer, CancellationToken.None);
            hello.TrySetResult((ClientHelloFrame)AspV1Protocol.Parse(buffer.AsMemory(0, first.Count)));
            await ws.SendAsync(AspV1Protocol.ToArray(new ServerHelloFrame("c-p", "s-p", 30000, 1 << 20, "r", [])), WebSocketMessageType.Binary, true, CancellationToken.None);
            var pump = Task.Run(async () =>
            {
                await foreach (var frame in toProvider.Reader.ReadAllAsync())
                {
                    await ws.SendAsync(AspV1Protocol.ToArray(frame), WebSocketMessageType.Binary, true, CancellationToken.None);
                }
            });
            while (true)
            {
                var result = await ws.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) break;
                frames.Writer.TryWrite(AspV1Protocol.Parse(buffer.AsMemory(0, result.Count)));
            }
            toProvider.Writer.TryComplete();
            await pump;
        });
        await relay.StartAsync(TestContext.Current.CancellationToken);

        var ticker = new TickerAgent();
        IAgent[] agents = [new EchoAgent(), new ToolsAgent(), ticker];
        await using var provider = await AgentProvider.ConnectAsync(new Uri(url.Replace("http", "ws", StringComparison.Ordinal) + "/v1/agent-socket"),
            agents, cancellationToken: TestContext.Current.CancellationToken);
        var said = await hello.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal("provider", said.Role);
        Assert.Equal(["echo", "ticker", "tools"], said.Agents);
        Assert.Equal("c-p", provider.ConnectionId);

        // INVOKE echo: one STREAM with the input bytes, then COMPLETE with metrics.
        toProvider.Writer.TryWrite(new InvokeFrame("e1", "echo", MsgPackValue.From(ulong.MaxValue)));
        var stream = Assert.IsType<StreamFrame>(await NextAsync(frames));
        Assert.Equal(("e1", 0UL, ulong.MaxValue), (stream.Id, stream.Seq, stream.Data.AsUInt64()));
        Assert.Equal(1UL, Assert.IsType<CompleteFrame>(await NextAsync(frames)).Metrics!.Chunks);

        // INVOKE tools: TOOL_DEF, REQUEST, our REPLY, then the greeting.
        toProvider.Writer.TryWrite(new InvokeFrame("t1", "tools", "go"));
        Assert.Equal("greet", Assert.Single(Assert.IsType<ToolDefFrame>(await NextAsync(frames)).Tools).Name);
        var request = Assert.IsType<RequestFrame>(await NextAsync(frames));
        toProvider.Writer.TryWrite(new ReplyFrame("t1", request.Rid, "Ada"));
        Assert.Equal("Hello, Ada!", Assert.IsType<StreamFrame>(await NextAsync(frames)).Data.AsString());
        Assert.IsType<CompleteFrame>(await NextAsync(frames));

        // INTERRUPT: ERROR INTERRUPTED and the agent's token fires.
        toProvider.Writer.TryWrite(new InvokeFrame("k1", "ticker", TickerAgent.Input(100_000, 5)));
        Assert.IsType<StreamFrame>(await NextAsync(frames));
        toProvider.Writer.TryWrite(new InterruptFrame("k1"));
        AspFrame next;
        do next = await NextAsync(frames); while (next is StreamFrame);
        Assert.Equal("INTERRUPTED", Assert.IsType<ErrorFrame>(next).Code);
        await ticker.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // Unknown agent: ERROR UNKNOWN_AGENT for that id.
        toProvider.Writer.TryWrite(new InvokeFrame("u1", "nobody", 1));
        Assert.Equal(("u1", "UNKNOWN_AGENT"), ((ErrorFrame)await NextAsync(frames)) is var e ? (e.Id, e.Code) : default);
    }

    private static async Task<AspFrame> NextAsync(Channel<AspFrame> frames) =>
        await frames.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
}
