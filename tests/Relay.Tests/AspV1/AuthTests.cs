using System.Net;
using System.Net.WebSockets;
using AgentPlatform.Relay.Tests.Infrastructure;

namespace AgentPlatform.Relay.Tests.AspV1;

[Collection(PlatformGroup.Name)]
public sealed class AuthTests(PlatformFixture platform)
{
    [Theory]
    [InlineData(TokenVia.Header)]
    [InlineData(TokenVia.Subprotocol)]
    [InlineData(TokenVia.Query)]
    public async Task A_valid_token_is_accepted_every_way_and_asp_v1_is_selected(TokenVia via)
    {
        await using var relay = await platform.StartRelayAsync();
        await using var client = await AspTestClient.ConnectAsync(relay.Url, PlatformFixture.SocketKey, via);
        Assert.Equal("asp-v1", client.Socket.SubProtocol);
        var hello = await client.HelloAsync();
        Assert.False(string.IsNullOrEmpty(hello.Cid));
    }

    [Theory]
    [InlineData(TokenVia.None, null)]
    [InlineData(TokenVia.Header, "wrong")]
    [InlineData(TokenVia.Subprotocol, "wrong")]
    [InlineData(TokenVia.Query, "wrong")]
    [InlineData(TokenVia.Header, "")]
    public async Task A_missing_or_wrong_token_gets_401_before_any_frame(TokenVia via, string? token)
    {
        await using var relay = await platform.StartRelayAsync();
        var status = await UpgradeStatusAsync(relay.Url, via, token, offerAspV1: true);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task A_wrong_token_repeated_in_HELLO_gets_UNAUTHORIZED_and_close_1008()
    {
        await using var relay = await platform.StartRelayAsync();
        await using var client = await relay.ConnectAsync();
        await client.SendAsync(new Protocol.AspV1.ClientHelloFrame(1, []) { Token = "wrong" });
        var frames = await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Protocol.AspV1.AspErrorCodes.Unauthorized, Assert.IsType<Protocol.AspV1.ErrorFrame>(Assert.Single(frames)).Code);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.CloseStatus);
    }

    [Fact]
    public async Task An_upgrade_without_the_asp_v1_subprotocol_gets_400()
    {
        await using var relay = await platform.StartRelayAsync();
        var status = await UpgradeStatusAsync(relay.Url, TokenVia.Header, PlatformFixture.SocketKey, offerAspV1: false);
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task A_plain_http_request_is_told_to_upgrade()
    {
        await using var relay = await platform.StartRelayAsync();
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(relay.Url, "/v1/agent-socket"));
        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
    }

    private static async Task<HttpStatusCode> UpgradeStatusAsync(Uri relay, TokenVia via, string? token, bool offerAspV1)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (offerAspV1) socket.Options.AddSubProtocol("asp-v1");
        var uri = new UriBuilder(relay) { Scheme = "ws", Path = "/v1/agent-socket" };
        if (via == TokenVia.Header) socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        if (via == TokenVia.Subprotocol) socket.Options.AddSubProtocol(global::AgentPlatform.Relay.Auth.AgentSocketAuthenticator.ToSubprotocol(token!));
        if (via == TokenVia.Query) uri.Query = "access_token=" + Uri.EscapeDataString(token!);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri.Uri, TestContext.Current.CancellationToken));
        return socket.HttpStatusCode;
    }
}
