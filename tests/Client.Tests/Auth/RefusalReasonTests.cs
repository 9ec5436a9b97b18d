using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AgentPlatform.Cli;
using AgentPlatform.Client.Acp;
using AgentPlatform.Client.AgentChat;
using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Client.Auth;
using AgentPlatform.Protocol.Auth;
using AgentPlatform.Relay;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Client.Tests.Auth;

/// <summary>
/// The SDKs say why the Relay refused a credential: a real Relay on a loopback port answers an expired and a forged
/// token with 401 problem+json and the same reason in its <c>x-agentplatform-error</c> header; the asp-v1 client, the ACP
/// client and the CLI put that reason in their messages and a property, and never the token.
/// </summary>
public sealed class RefusalReasonTests : IAsyncLifetime
{
    private const string Key = "refusal-reason-key";
    private const string Expired = "the access token has expired";
    private const string Forged = "the access token signature is invalid";
    private readonly LoopbackApps _apps = new("refusal-reason");
    private Uri _relay = null!;

    public async ValueTask InitializeAsync()
    {
        _relay = LoopbackApps.NewUrl();
        // Production: the key itself is no token, so every refusal below is the token's own.
        await _apps.StartAsync((_, c) => RelayApplication.Build(["--environment=Production"], c), _relay, new()
        {
            ["AgentPlatform:Keys:AgentSocket"] = Key,
            ["AgentPlatform:Keys:Admin"] = "refusal-admin-key",
        });
    }

    public ValueTask DisposeAsync() => _apps.DisposeAsync();

    /// <summary>Valid for an hour, issued two hours ago: past its expiry and the 60 s of skew.</summary>
    private static string ExpiredToken() =>
        PlatformAccessToken.Create(Key, "alice", [AccessTokens.InvokeRole()], DateTimeOffset.UtcNow.AddHours(-2), TimeSpan.FromHours(1));

    /// <summary>Well-formed and unexpired, signed with another key.</summary>
    private static string ForgedToken() => AccessTokens.Create("not-the-relay-key", "mallory", [AccessTokens.InvokeRole()], TimeSpan.FromMinutes(5));

    private Uri Ws(string path) => new(_relay.ToString().Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + path);

    public static TheoryData<string, string> Refused => new()
    {
        { "expired", Expired },
        { "forged", Forged },
    };

    private static string TokenOf(string kind) => kind == "expired" ? ExpiredToken() : ForgedToken();

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task The_relay_repeats_the_problem_detail_in_a_header(string kind, string reason)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        // ACP's Streamable HTTP POST: the same check and the same refusal as every upgrade, readable in full here.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_relay, "/acp/echo"))
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":1}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenOf(kind));
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(reason, problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(reason, Assert.Single(response.Headers.GetValues("x-agentplatform-error")));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task The_asp_v1_client_says_why_the_token_was_refused(string kind, string reason)
    {
        var token = TokenOf(kind);
        var ex = await Assert.ThrowsAsync<AgentSocketException>(() => AgentSocketClient.ConnectAsync(Ws("/v1/agent-socket"),
            new AgentSocketClientOptions { Token = token, ConnectTimeout = TimeSpan.FromSeconds(10) }, TestContext.Current.CancellationToken));
        Assert.Equal("UNAUTHORIZED", ex.Code);
        Assert.False(ex.Retryable);
        Assert.Equal(401, ex.HttpStatus);
        Assert.Equal(reason, ex.Reason);
        Assert.Equal("the server refused the token (401): " + reason, ex.Message);
        AssertNoToken(token, ex);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task The_acp_client_says_why_the_token_was_refused(string kind, string reason)
    {
        var token = TokenOf(kind);
        var ex = await Assert.ThrowsAsync<AcpException>(() => AcpClient.ConnectAsync(Ws("/acp/echo"), token,
            cancellationToken: TestContext.Current.CancellationToken));
        Assert.Null(ex.Code);
        Assert.Equal(401, ex.HttpStatus);
        Assert.Equal(reason, ex.Reason);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        AssertNoToken(token, ex);

        // The same token as ?access_token= (the address is not in the message either).
        var query = await Assert.ThrowsAsync<AcpException>(() => AcpClient.ConnectAsync(
            new Uri(Ws("/acp/echo") + "?access_token=" + Uri.EscapeDataString(token)), null, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(reason, query.Reason);
        AssertNoToken(token, query);
    }

    [Fact]
    public async Task The_acp_client_says_why_a_valid_token_was_forbidden()
    {
        var token = AccessTokens.Create(Key, "bob", [AccessTokens.InvokeRole("someone-else")], TimeSpan.FromMinutes(5));
        var ex = await Assert.ThrowsAsync<AcpException>(() => AcpClient.ConnectAsync(Ws("/acp/echo"), token,
            cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(403, ex.HttpStatus);
        Assert.Equal("the token's roles do not allow prompting this agent (agent.invoke)", ex.Reason);
        Assert.StartsWith("the server refused the connection (403): the token's roles", ex.Message, StringComparison.Ordinal);
        AssertNoToken(token, ex);
    }

    [Fact]
    public async Task The_agentchat_client_gives_the_status_of_a_refused_upgrade_without_the_query_token()
    {
        // The Relay's /agentchat takes any credential at the upgrade (a token only gates DMs to platform agents), so the
        // refusal here is the endpoint being off: 404, and the ?access_token= of the address stays out of the message.
        await using var apps = new LoopbackApps("refusal-agentchat");
        var relay = LoopbackApps.NewUrl();
        await apps.StartAsync((_, c) => RelayApplication.Build(["--environment=Production"], c), relay, new()
        {
            ["AgentPlatform:Keys:AgentSocket"] = Key,
            ["AgentChat:Enabled"] = "false",
        });
        var token = AccessTokens.Create(Key, "carol", [AccessTokens.InvokeRole()], TimeSpan.FromMinutes(5));
        var url = new Uri(relay.ToString().Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + "/agentchat?access_token=" + token);
        var ex = await Assert.ThrowsAsync<AgentChatException>(() => AgentChatClient.ConnectAsync(url, new AgentChatClientOptions { Name = "carol" },
            TestContext.Current.CancellationToken));
        Assert.Equal(AgentChatException.Disconnected, ex.Code);
        Assert.Equal(404, ex.HttpStatus);
        Assert.Contains("(404)", ex.Message, StringComparison.Ordinal);
        AssertNoToken(token, ex);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task The_cli_prints_why_the_token_was_refused(string kind, string reason)
    {
        var token = TokenOf(kind);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(["invoke", "echo", "hi", "--url", Ws("/v1/agent-socket").ToString(), "--token", token,
            "--endpoints", Path.Combine(Path.GetTempPath(), "none.json")], output, error, TextReader.Null, TestContext.Current.CancellationToken);
        Assert.Equal(1, code);
        Assert.Equal("", output.ToString());
        using var line = JsonDocument.Parse(error.ToString());
        Assert.Equal("UNAUTHORIZED", line.RootElement.GetProperty("error").GetString());
        Assert.Equal(reason, line.RootElement.GetProperty("reason").GetString());
        Assert.Contains(reason, line.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Neither the token nor its signature (its most secret part) in the message of the exception or its inner ones.</summary>
    private static void AssertNoToken(string token, Exception ex)
    {
        var signature = token[(token.LastIndexOf('.') + 1)..];
        for (var e = ex; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(token, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(signature, e.Message, StringComparison.Ordinal);
        }
    }
}
