using System.Text.Json.Nodes;
using AgentPlatform.Client.Auth;
using AgentPlatform.Relay.Tests.Acp.Transport;
using AgentPlatform.Relay.Tests.Infrastructure;

namespace AgentPlatform.Relay.Tests.Auth;

/// <summary>ACP's principal is the token's subject: one user's editors share sessions, another user's do not.</summary>
[Collection(PlatformGroup.Name)]
public sealed class AcpIdentityTests(PlatformFixture platform)
{
    private static string Token(string user, params string[] roles) =>
        AccessTokens.Create(PlatformFixture.SocketKey, user, roles, TimeSpan.FromMinutes(5));

    [Fact]
    public async Task Two_editors_of_one_user_share_a_session_and_another_user_cannot_find_it()
    {
        await using var relay = await platform.StartRelayAsync(new() { ["Relay:Auth:AllowSharedKey"] = "false" });
        await relay.WaitForAgentAsync("echo");
        var url = new UriBuilder(relay.Url) { Scheme = "ws", Path = "/acp/echo" }.Uri;

        await using var first = await AcpWsClient.ConnectAsync(url, Token("alice", "agent.invoke"), TokenVia.Header);
        await first.InitializeAsync();
        var sessionId = await first.NewSessionAsync(1);

        await using var second = await AcpWsClient.ConnectAsync(url, Token("alice", "agent.invoke.echo"), TokenVia.Subprotocol);
        await second.InitializeAsync();
        var loaded = await second.CallAsync(1, "session/load", Load(sessionId));
        Assert.False(loaded.ContainsKey("error"), loaded.ToJsonString());

        await using var other = await AcpWsClient.ConnectAsync(url, Token("bob", "agent.invoke"), TokenVia.Query);
        await other.InitializeAsync();
        var refused = await other.CallAsync(1, "session/load", Load(sessionId));
        Assert.Equal(-32002, (int)refused["error"]!["code"]!);
    }

    [Fact]
    public async Task A_token_that_does_not_allow_the_agent_is_refused_with_403_before_any_message()
    {
        await using var relay = await platform.StartRelayAsync(new() { ["Relay:Auth:AllowSharedKey"] = "false" });
        var url = new UriBuilder(relay.Url) { Scheme = "ws", Path = "/acp/echo" }.Uri;
        Assert.Equal(403, await AcpWsClient.RefusedStatusAsync(url, Token("carol", "agent.invoke.conversation"), TokenVia.Header));
        Assert.Equal(401, await AcpWsClient.RefusedStatusAsync(url, PlatformFixture.SocketKey, TokenVia.Header));
    }

    private static JsonObject Load(string sessionId) => new() { ["sessionId"] = sessionId, ["cwd"] = "/", ["mcpServers"] = new JsonArray() };
}
