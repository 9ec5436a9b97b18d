using System.Net.WebSockets;
using System.Text.Json;
using AgentPlatform.Client.Auth;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Relay.Tests.Infrastructure;

namespace AgentPlatform.Relay.Tests.Auth;

[Collection(PlatformGroup.Name)]
public sealed class IdentityTests(PlatformFixture platform)
{
    private static string Token(string user, string[] roles, TimeSpan? lifetime = null, string key = PlatformFixture.SocketKey) =>
        AccessTokens.Create(key, user, roles, lifetime ?? TimeSpan.FromMinutes(5));

    [Theory]
    [InlineData(TokenVia.Header)]
    [InlineData(TokenVia.Subprotocol)]
    [InlineData(TokenVia.Query)]
    public async Task A_minted_token_is_accepted_every_way(TokenVia via)
    {
        await using var relay = await platform.StartRelayAsync(new() { ["Relay:Auth:AllowSharedKey"] = "false" });
        await using var client = await AspTestClient.ConnectAsync(relay.Url, Token("alice", ["agent.invoke"]), via);
        Assert.False(string.IsNullOrEmpty((await client.HelloAsync()).Cid));
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "expired", "the access token has expired" },
        { "forged", "the access token signature is invalid" },
        { "shared key", "the access token is not a JWT" },
        { "missing", "missing access token" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_token_gets_401_with_a_problem_body_that_says_why(string kind, string detail)
    {
        await using var relay = await platform.StartRelayAsync(new() { ["Relay:Auth:AllowSharedKey"] = "false" });
        var token = kind switch
        {
            "expired" => global::AgentPlatform.Protocol.Auth.PlatformAccessToken.Create(PlatformFixture.SocketKey, "alice", ["agent.invoke"], DateTimeOffset.UtcNow.AddHours(-2), TimeSpan.FromHours(1)),
            "forged" => Token("alice", ["agent.invoke"], key: "not-the-key"),
            "shared key" => PlatformFixture.SocketKey,
            _ => null,
        };
        (string, string)[] headers = token is null ? [("Sec-WebSocket-Protocol", "asp-v1")] : [("Sec-WebSocket-Protocol", "asp-v1"), ("Authorization", "Bearer " + token)];
        foreach (var path in new[] { "/v1/agent-socket", "/acp" })
        {
            var (status, head, body) = await RawUpgrade.SendAsync(relay.Url, path, headers);
            Assert.Equal(401, status);
            Assert.Contains("application/problem+json", head, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("WWW-Authenticate: Bearer", head, StringComparison.OrdinalIgnoreCase);
            using var problem = JsonDocument.Parse(body);
            Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Equal(detail, problem.RootElement.GetProperty("detail").GetString());
            if (token is not null) Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_shared_key_is_the_development_user_with_every_role_only_when_allowed()
    {
        await using var relay = await platform.StartRelayAsync();
        var options = relay.Get<RelayOptions>();
        Assert.True(options.Auth.AllowSharedKey);
        var identity = relay.Get<global::AgentPlatform.Relay.Auth.AgentSocketAuthenticator>().AuthenticateToken(PlatformFixture.SocketKey, "header").Identity;
        Assert.NotNull(identity);
        Assert.True(identity.SharedKey);
        Assert.Equal("developer", identity.UserId);
        Assert.True(identity.MayInvoke("anything"));
    }

    [Fact]
    public async Task Production_refuses_to_start_with_the_shared_key_allowed_and_takes_only_tokens_by_default()
    {
        var url = new Uri($"http://127.0.0.1:{FreePortText()}");
        Dictionary<string, string?> settings = new()
        {
            ["AgentPlatform:Keys:AgentSocket"] = PlatformFixture.SocketKey,
            ["Relay:Auth:AllowSharedKey"] = "true",
        };
        // Settings are validated when the Relay is built or started, whichever reads them first: either way it never serves.
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
        {
            await using var refused = RelayApplication.Build(["--environment=Production"], b => TestSupport.LoopbackApps.Configure(b, url, settings));
            await refused.StartAsync(TestContext.Current.CancellationToken);
        });
        Assert.Contains("Relay:Auth:AllowSharedKey must not be true in Production", failure.Message, StringComparison.Ordinal);
        settings.Remove("Relay:Auth:AllowSharedKey");
        await using var production = RelayApplication.Build(["--environment=Production"], b => TestSupport.LoopbackApps.Configure(b, url, settings));
        await production.StartAsync(TestContext.Current.CancellationToken);
        var (status, _, _) = await RawUpgrade.SendAsync(url, "/v1/agent-socket", ("Sec-WebSocket-Protocol", "asp-v1"), ("Authorization", "Bearer " + PlatformFixture.SocketKey));
        Assert.Equal(401, status);
        await using var client = await AspTestClient.ConnectAsync(url, Token("bob", ["agent.invoke"]));
        Assert.False(string.IsNullOrEmpty((await client.HelloAsync()).Cid));
        await production.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task An_INVOKE_the_roles_do_not_allow_is_FORBIDDEN_and_the_connection_stays_up()
    {
        await using var relay = await platform.StartRelayAsync(new() { ["Relay:Auth:AllowSharedKey"] = "false" });
        await using var client = await AspTestClient.ConnectAsync(relay.Url, Token("carol", ["agent.invoke.ticker"]));
        await client.HelloAsync();
        await client.SendAsync(new InvokeFrame("no", "echo", MsgPackValue.Nil));
        var error = Assert.IsType<ErrorFrame>(await client.ReceiveAsync());
        Assert.Equal((AspErrorCodes.Forbidden, "no", false), (error.Code, error.Id, error.Retryable));
        await client.SendAsync(new InvokeFrame("yes", TickerAgent.AgentName, MsgPackValue.Map(("count", 1), ("delayMs", 0))));
        var frames = await client.ReceiveUntilAsync(f => f is CompleteFrame or ErrorFrame, TimeSpan.FromSeconds(20));
        Assert.IsType<CompleteFrame>(frames[^1]);
    }

    [Fact]
    public async Task A_provider_needs_agent_provide_for_every_agent_it_names()
    {
        await using var relay = await platform.StartRelayAsync(new() { ["Relay:Auth:AllowSharedKey"] = "false" });
        await using (var refused = await AspTestClient.ConnectAsync(relay.Url, Token("p", ["agent.invoke", "agent.provide.one"])))
        {
            await refused.SendAsync(new ClientHelloFrame(1, ["stream"]) { Role = "provider", Agents = ["one", "two"] });
            var frames = await refused.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(AspErrorCodes.Forbidden, Assert.IsType<ErrorFrame>(Assert.Single(frames)).Code);
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, refused.CloseStatus);
        }
        await using var allowed = await AspTestClient.ConnectAsync(relay.Url, Token("p", ["agent.provide.one", "agent.provide.two"]));
        Assert.False(string.IsNullOrEmpty((await allowed.HelloAsync(role: "provider", agents: ["one", "two"])).Cid));
    }

    [Fact]
    public async Task A_HELLO_token_replaces_the_upgrade_identity()
    {
        await using var relay = await platform.StartRelayAsync(new() { ["Relay:Auth:AllowSharedKey"] = "false" });
        await using var client = await AspTestClient.ConnectAsync(relay.Url, Token("dave", ["agent.invoke"]));
        await client.SendAsync(new ClientHelloFrame(1, ["stream"]) { Token = Token("dave", ["agent.invoke.other"]) });
        Assert.IsType<ServerHelloFrame>(await client.ReceiveAsync());
        await client.SendAsync(new InvokeFrame("t", TickerAgent.AgentName, MsgPackValue.Nil));
        Assert.Equal(AspErrorCodes.Forbidden, Assert.IsType<ErrorFrame>(await client.ReceiveAsync()).Code);
    }

    private static string FreePortText() => TestSupport.FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
