using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Interop.AspV1;

/// <summary>The Relay's asp-v1 endpoint against a peer built only from npm's ws and @msgpack/msgpack.</summary>
public sealed class AspV1NodeInteropTests(AspV1Hosts hosts) : IClassFixture<AspV1Hosts>
{
    private const string Script = "tests/Interop/node/aspv1/peer.mjs";

    [Fact]
    public async Task A_node_client_invokes_echo_in_relay_mode_and_gets_its_input_back_exactly()
    {
        var (code, output) = await NodeScript.RunAsync(Script, ["client", hosts.SocketUrl.ToString(), AspV1Hosts.SocketKey, "echo"], TimeSpan.FromSeconds(30));
        Assert.True(code == 0, output);
        var frames = output.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["HELLO", "STREAM", "COMPLETE"], frames.Select(f => f.GetProperty("op").GetString()));
        var hello = frames[0].GetProperty("body");
        Assert.Equal(1048576, hello.GetProperty("maxFrame").GetInt32());
        var data = frames[1].GetProperty("body").GetProperty("data");
        Assert.Equal("hi", data.GetProperty("text").GetString());
        Assert.Equal(42, data.GetProperty("n").GetInt32());
        // 2^53 + 1: only exact 64-bit handling end to end keeps it.
        Assert.Equal("9007199254740993", data.GetProperty("big").GetString());
        Assert.Equal([0, 1, 255], data.GetProperty("bin").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(1, frames[2].GetProperty("body").GetProperty("metrics").GetProperty("chunks").GetInt32());
    }

    [Fact]
    public async Task A_wrong_token_is_refused_with_401_before_any_frame()
    {
        var (code, output) = await NodeScript.RunAsync(Script, ["client", hosts.SocketUrl.ToString(), "wrong", "echo"], TimeSpan.FromSeconds(30));
        Assert.Equal(5, code);
        Assert.Contains("HTTP 401", output);
    }

    [Fact]
    public async Task A_node_provider_serves_a_dotnet_client_in_direct_mode()
    {
        await using var provider = NodeScript.Start(Script, ["provider", hosts.SocketUrl.ToString(), AspV1Hosts.SocketKey, "node-echo"]);
        await provider.WaitForLineAsync(l => l == "READY", TimeSpan.FromSeconds(20));
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("asp-v1");
        socket.Options.SetRequestHeader("Authorization", "Bearer " + AspV1Hosts.SocketKey);
        await socket.ConnectAsync(hosts.SocketUrl, TestContext.Current.CancellationToken);
        await SendAsync(socket, new ClientHelloFrame(1, ["stream"]));
        Assert.IsType<ServerHelloFrame>(await ReceiveAsync(socket));
        await SendAsync(socket, new InvokeFrame("mine", "node-echo", MsgPackValue.Map(("q", "ping"))));
        var stream = Assert.IsType<StreamFrame>(await ReceiveAsync(socket));
        Assert.Equal("mine", stream.Id);
        Assert.Equal("ping", stream.Data["q"].AsString());
        var complete = Assert.IsType<CompleteFrame>(await ReceiveAsync(socket));
        Assert.Equal(("mine", "from node"), (complete.Id, complete.Result!.AsString()));
        // The provider saw the Relay's id for the invocation, not the client's.
        Assert.DoesNotContain("\"id\":\"mine\"", provider.Output);
    }

    private static async Task SendAsync(ClientWebSocket socket, AspFrame frame)
    {
        var buffer = new ArrayBufferWriter<byte>();
        AspV1Protocol.Write(frame, buffer);
        await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Binary, true, TestContext.Current.CancellationToken);
    }

    private static async Task<AspFrame> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[1 << 16];
        var length = 0;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var r = await socket.ReceiveAsync(buffer.AsMemory(length), cts.Token);
            length += r.Count;
            if (r.EndOfMessage) return AspV1Protocol.Parse(buffer.AsMemory(0, length).ToArray());
        }
    }
}
