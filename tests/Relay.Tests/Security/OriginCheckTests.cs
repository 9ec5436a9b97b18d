using System.Net;
using System.Net.WebSockets;
using AgentPlatform.Client.Auth;
using AgentPlatform.Relay.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Relay.Tests.Security;

/// <summary>
/// Cross-site WebSocket hijacking: a real Relay refuses a browser-facing request whose Origin is not allowed with a
/// 403 problem before the upgrade, and lets allowed origins and clients without Origin through.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class OriginCheckTests(PlatformFixture platform)
{
    private const string Allowed = "https://app.example";
    private const string Evil = "https://evil.example";

    private static readonly string[] BrowserPaths = ["/v1/agent-socket", "/client/hubs/chat", "/client", "/acp", "/acp/echo", "/agentchat"];

    private Task<RelayHost> StartAsync(string? allowed = Allowed) =>
        platform.StartRelayAsync(allowed is null ? null : new() { ["Relay:AllowedOrigins:0"] = allowed });

    private static async Task<ClientWebSocket> ConnectAsync(RelayHost relay, string? origin, string token = PlatformFixture.SocketKey)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("asp-v1");
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        if (origin is not null) socket.Options.SetRequestHeader("Origin", origin);
        socket.Options.CollectHttpResponseDetails = true;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var uri = new UriBuilder(relay.Url) { Scheme = "ws", Path = "/v1/agent-socket" }.Uri;
        try
        {
            await socket.ConnectAsync(uri, cts.Token);
        }
        catch (WebSocketException)
        {
            // The status code stays on the socket for the assertion.
        }
        return socket;
    }

    [Fact]
    public async Task A_websocket_upgrade_from_a_foreign_origin_is_refused_with_403_before_the_upgrade()
    {
        await using var relay = await StartAsync();
        using var refused = await ConnectAsync(relay, Evil);
        Assert.Equal(HttpStatusCode.Forbidden, refused.HttpStatusCode);
        Assert.NotEqual(WebSocketState.Open, refused.State);

        using var allowed = await ConnectAsync(relay, Allowed);
        Assert.Equal(WebSocketState.Open, allowed.State);
        using var nonBrowser = await ConnectAsync(relay, origin: null);
        Assert.Equal(WebSocketState.Open, nonBrowser.State);
    }

    [Fact]
    public async Task Every_browser_facing_endpoint_answers_a_foreign_origin_with_a_403_problem()
    {
        await using var relay = await StartAsync();
        using var http = new HttpClient { BaseAddress = relay.Url, Timeout = TimeSpan.FromSeconds(10) };
        foreach (var path in BrowserPaths)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
            {
                using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? new StringContent("{}") : null };
                request.Headers.Add("Origin", Evil);
                using var response = await http.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("Origin not allowed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // The same request from the allowed origin reaches the endpoint (whatever it answers, it is not the origin check).
            using var allowedRequest = new HttpRequestMessage(HttpMethod.Get, path);
            allowedRequest.Headers.Add("Origin", Allowed);
            using var allowedResponse = await http.SendAsync(allowedRequest);
            Assert.DoesNotContain("Origin not allowed", await allowedResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Outside_development_no_origin_is_allowed_by_default_but_clients_without_origin_are()
    {
        // Production: the default list is empty, and the raw key is refused, so the client presents a token.
        await using var relay = await platform.StartRelayAsync(environment: Environments.Production);
        var token = AccessTokens.Create(PlatformFixture.SocketKey, "origin-test", [AccessTokens.InvokeRole()], TimeSpan.FromMinutes(5));
        using var loopback = await ConnectAsync(relay, "http://localhost:5173", token);
        Assert.Equal(HttpStatusCode.Forbidden, loopback.HttpStatusCode);
        using var nonBrowser = await ConnectAsync(relay, origin: null, token);
        Assert.Equal(WebSocketState.Open, nonBrowser.State);
    }

    [Fact]
    public async Task Other_routes_ignore_the_origin()
    {
        await using var relay = await StartAsync();
        using var http = new HttpClient { BaseAddress = relay.Url, Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/alive");
        request.Headers.Add("Origin", Evil);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_malformed_entry_stops_the_relay_at_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var relay = await StartAsync("not-an-origin");
        });
        Assert.Contains("Relay:AllowedOrigins", error.ToString(), StringComparison.Ordinal);
    }
}
