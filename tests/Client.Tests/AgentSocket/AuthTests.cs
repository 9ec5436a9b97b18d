using System.Net.WebSockets;
using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Client.Tests.AgentSocket;

public sealed class AuthTests
{
    [Fact]
    public async Task The_right_bearer_token_connects()
    {
        await using var host = await EndpointHost.StartAsync(o => o.Token = "s3cret");
        await using var client = await AgentSocketClient.ConnectAsync(host.Url, new AgentSocketClientOptions { Token = "s3cret" },
            TestContext.Current.CancellationToken);
        var events = await client.InvokeAllAsync("echo", 1, TestContext.Current.CancellationToken);
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_at_the_upgrade_as_UNAUTHORIZED()
    {
        await using var host = await EndpointHost.StartAsync(o => o.Token = "s3cret");
        var ex = await Assert.ThrowsAsync<AgentSocketException>(() =>
            AgentSocketClient.ConnectAsync(host.Url, new AgentSocketClientOptions { Token = "wrong" }, TestContext.Current.CancellationToken));
        Assert.Equal("UNAUTHORIZED", ex.Code);
        Assert.False(ex.Retryable);
    }

    [Fact]
    public async Task A_missing_token_is_refused_after_HELLO_with_close_1008()
    {
        await using var host = await EndpointHost.StartAsync(o => o.Token = "s3cret");
        var ex = await Assert.ThrowsAsync<AgentSocketException>(() =>
            AgentSocketClient.ConnectAsync(host.Url, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("UNAUTHORIZED", ex.Code);
    }

    [Fact]
    public async Task The_query_token_and_the_hello_token_are_accepted()
    {
        await using var host = await EndpointHost.StartAsync(o => o.Token = "s3cret");
        using (var ws = new ClientWebSocket())
        {
            ws.Options.AddSubProtocol("asp-v1");
            await ws.ConnectAsync(new Uri(host.Url + "?access_token=s3cret"), TestContext.Current.CancellationToken);
            Assert.IsType<ServerHelloFrame>(await HelloAsync(ws, new ClientHelloFrame(1, [])));
        }
        using (var ws = new ClientWebSocket())
        {
            ws.Options.AddSubProtocol("asp-v1");
            await ws.ConnectAsync(host.Url, TestContext.Current.CancellationToken);
            Assert.IsType<ServerHelloFrame>(await HelloAsync(ws, new ClientHelloFrame(1, []) { Token = "s3cret" }));
        }
    }

    [Fact]
    public async Task A_bad_first_frame_is_BAD_FRAME_then_close_1002()
    {
        await using var host = await EndpointHost.StartAsync();
        using var ws = new ClientWebSocket();
        ws.Options.AddSubProtocol("asp-v1");
        await ws.ConnectAsync(host.Url, TestContext.Current.CancellationToken);
        await ws.SendAsync(new byte[] { 0x02, 0xc1 }, WebSocketMessageType.Binary, true, TestContext.Current.CancellationToken);
        var error = Assert.IsType<ErrorFrame>(await ReceiveAsync(ws));
        Assert.Equal("BAD_FRAME", error.Code);
        var buffer = new byte[64];
        var close = await ws.ReceiveAsync(buffer, TestContext.Current.CancellationToken);
        Assert.Equal(WebSocketMessageType.Close, close.MessageType);
        Assert.Equal((WebSocketCloseStatus)1002, ws.CloseStatus);
    }

    [Fact]
    public async Task An_upgrade_without_the_subprotocol_is_400()
    {
        await using var host = await EndpointHost.StartAsync();
        using var ws = new ClientWebSocket();
        ws.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => ws.ConnectAsync(host.Url, TestContext.Current.CancellationToken));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, ws.HttpStatusCode);
    }

    private static async Task<AspFrame> HelloAsync(ClientWebSocket ws, ClientHelloFrame hello)
    {
        await ws.SendAsync(AspV1Protocol.ToArray(hello), WebSocketMessageType.Binary, true, TestContext.Current.CancellationToken);
        return await ReceiveAsync(ws);
    }

    private static async Task<AspFrame> ReceiveAsync(ClientWebSocket ws)
    {
        var buffer = new byte[1 << 16];
        var result = await ws.ReceiveAsync(buffer, TestContext.Current.CancellationToken);
        return AspV1Protocol.Parse(buffer.AsMemory(0, result.Count));
    }
}
