using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AgentPlatform.Client.Auth;
using AgentPlatform.Protocol.Auth;
using AgentPlatform.Relay.Tests.Infrastructure;

namespace AgentPlatform.Relay.Tests.Auth;

[Collection(PlatformGroup.Name)]
public sealed class TokenEndpointTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_key_holder_gets_a_token_that_connects_as_that_user()
    {
        await using var relay = await platform.StartRelayAsync(new() { ["Relay:Auth:AllowSharedKey"] = "false" });
        using var response = await PostAsync(relay.Url, PlatformFixture.SocketKey, """{"userId":"erin","roles":["agent.invoke.ticker"],"expiresInMinutes":30}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var token = body.RootElement.GetProperty("token").GetString()!;
        var expiresOn = body.RootElement.GetProperty("expiresOn").GetDateTimeOffset();
        Assert.InRange(expiresOn - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(31));
        Assert.True(PlatformAccessToken.TryValidate(token, [PlatformFixture.SocketKey], DateTimeOffset.UtcNow, out var claims, out var error), error);
        Assert.Equal(("erin", "agent.invoke.ticker"), (claims.UserId, Assert.Single(claims.Roles)));
        await using var client = await AspTestClient.ConnectAsync(relay.Url, token);
        Assert.False(string.IsNullOrEmpty((await client.HelloAsync()).Cid));
    }

    public static TheoryData<string?, string, int, string> Refusals => new()
    {
        // key, body, status, detail fragment
        { null, """{"userId":"a"}""", 401, "missing access token" },
        { "wrong", """{"userId":"a"}""", 401, "the access key is wrong" },
        { PlatformFixture.SocketKey, """{"roles":["x"]}""", 400, "userId" },
        { PlatformFixture.SocketKey, """{"userId":""}""", 400, "userId" },
        { PlatformFixture.SocketKey, """{"userId":"a","roles":"agent.invoke"}""", 400, "roles" },
        { PlatformFixture.SocketKey, """{"userId":"a","roles":[1]}""", 400, "roles" },
        { PlatformFixture.SocketKey, """{"userId":"a","expiresInMinutes":1441}""", 400, "expiresInMinutes" },
        { PlatformFixture.SocketKey, """{"userId":"a","expiresInMinutes":0}""", 400, "expiresInMinutes" },
        { PlatformFixture.SocketKey, """{"userId":"a","expiresInMinutes":1.5}""", 400, "expiresInMinutes" },
        { PlatformFixture.SocketKey, "[]", 400, "JSON object" },
        { PlatformFixture.SocketKey, "{", 400, "not JSON" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Anything_else_is_refused_with_a_problem_body(string? key, string json, int status, string detail)
    {
        await using var relay = await platform.StartRelayAsync();
        using var response = await PostAsync(relay.Url, key, json);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains(detail, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_cannot_mint_tokens()
    {
        await using var relay = await platform.StartRelayAsync();
        var token = AccessTokens.Create(PlatformFixture.SocketKey, "mallory", ["agent.invoke"], TimeSpan.FromMinutes(5));
        using var response = await PostAsync(relay.Url, token, """{"userId":"admin","roles":["agent.provide"]}""");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostAsync(Uri relay, string? key, string json)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(relay, "/v1/tokens"))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
