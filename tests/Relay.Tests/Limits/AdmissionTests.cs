using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Relay.Limits;
using AgentPlatform.Relay.Tests.Agenkit;

namespace AgentPlatform.Relay.Tests.Limits;

/// <summary>
/// Relay/Limits admission over real sockets: the process-wide ceiling (503), the per-client ceiling (429) and the
/// per-client request rate (429), each a problem+json with Retry-After before any upgrade; agenkit gets an error
/// envelope instead. Connections held by one dialect count against every other.
/// </summary>
public sealed class AdmissionTests
{
    [Fact]
    public async Task Past_the_global_ceiling_every_dialect_is_refused_503_with_a_clear_body_and_a_held_client_stays_served()
    {
        await using var relay = await LimitsRelay.StartAsync(new() { ["Relay:Limits:MaxConnections"] = "2", ["Relay:Limits:RetryAfter"] = "00:00:07" });
        // Two ACP clients fill the Relay; they keep working while everything else is refused.
        await using var first = await relay.ConnectAsync();
        await using var second = await relay.ConnectAsync();
        await first.InitializeAsync();
        foreach (var dialect in LimitsRelay.HttpDialects)
        {
            var (socket, response) = await LimitsRelay.UpgradeAsync(relay, dialect);
            await using var owned = socket;
            Assert.Equal(503, response.Status);
            Assert.Equal("7", response.Headers["Retry-After"]);
            var problem = response.Problem();
            Assert.Equal("server_full", (string?)problem["reason"]);
            Assert.Equal(dialect, (string?)problem["dialect"]);
            Assert.Equal(2, (int?)problem["limit"]);
            Assert.Contains("Relay:Limits:MaxConnections", (string?)problem["detail"], StringComparison.Ordinal);
        }
        await using (var agenkit = await AgenkitTestClient.ConnectAsync(relay.Agenkit()))
        {
            var refusal = AgenkitError.FromPayload((await agenkit.ExpectAsync()).Payload);
            Assert.Equal(AgenkitErrorCodes.ConnectionFailed, refusal.Code);
            Assert.Equal("server_full", refusal.Reason);
            Assert.True(await agenkit.ClosedAsync());
        }
        var session = await first.NewSessionAsync(1);
        var done = await first.CallAsync(2, "session/prompt", new JsonObject { ["sessionId"] = session, ["prompt"] = new JsonArray(), ["count"] = 1 });
        Assert.Equal("end_turn", (string?)done["result"]!["stopReason"]);
        Assert.Equal(2, relay.Get<ConnectionAdmission>().OpenConnections);
    }

    [Fact]
    public async Task Past_the_per_client_ceiling_each_dialect_is_refused_429_and_a_closed_connection_frees_its_place()
    {
        await using var relay = await LimitsRelay.StartAsync(new() { ["Relay:Limits:MaxConnectionsPerClient"] = "2" });
        var (a, okA) = await LimitsRelay.UpgradeAsync(relay, "agentchat");
        var (b, okB) = await LimitsRelay.UpgradeAsync(relay, "agentchat");
        await using var ownedB = b;
        Assert.Equal(101, okA.Status);
        Assert.Equal(101, okB.Status);
        foreach (var dialect in LimitsRelay.HttpDialects)
        {
            var (socket, response) = await LimitsRelay.UpgradeAsync(relay, dialect);
            await using var owned = socket;
            Assert.Equal(429, response.Status);
            Assert.True(int.Parse(response.Headers["Retry-After"], System.Globalization.CultureInfo.InvariantCulture) >= 1);
            var problem = response.Problem();
            Assert.Equal("client_connections", (string?)problem["reason"]);
            Assert.Contains("Relay:Limits:MaxConnectionsPerClient", (string?)problem["detail"], StringComparison.Ordinal);
        }
        await using (var agenkit = await AgenkitTestClient.ConnectAsync(relay.Agenkit()))
        {
            var refusal = AgenkitError.FromPayload((await agenkit.ExpectAsync()).Payload);
            Assert.Equal("client_connections", refusal.Reason);
        }
        // One socket gone: its place is free again (bounded wait for the server to notice the close).
        await a.DisposeAsync();
        var admission = relay.Get<ConnectionAdmission>();
        await TestSupport.Eventually.TrueAsync(() => admission.OpenFrom("127.0.0.1") < 2, TimeSpan.FromSeconds(10), "the closed socket released");
        var (c, again) = await LimitsRelay.UpgradeAsync(relay, "acp");
        await using var ownedC = c;
        Assert.Equal(101, again.Status);
    }

    [Fact]
    public async Task Requests_beyond_the_per_client_rate_get_429_problem_json_with_Retry_After()
    {
        await using var relay = await LimitsRelay.StartAsync(new()
        {
            ["Relay:Limits:RequestsPerSecondPerClient"] = "0.5", ["Relay:Limits:RequestBurstPerClient"] = "3",
        });
        using var http = relay.Http();
        var statuses = new List<int>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await http.GetAsync(new Uri("/api/hubs/agents/connections/nobody/groups/g", UriKind.Relative));
            statuses.Add((int)response.StatusCode);
            if ((int)response.StatusCode == 429) refused ??= response;
        }
        // The burst passes admission (whatever the endpoint answers), the rest are refused by it.
        Assert.All(statuses.Take(3), s => Assert.NotEqual(429, s));
        Assert.All(statuses.Skip(3), s => Assert.Equal(429, s));
        Assert.NotNull(refused);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("client_rate", (string?)problem["reason"]);
        Assert.Equal("webpubsub-rest", (string?)problem["dialect"]);
        // Paths outside the dialects (root, health, admin) are never metered: an operator reaches a throttled Relay.
        Assert.Equal(200, (int)(await http.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData("Relay:Limits:MaxConnections", "0")]
    [InlineData("Relay:Limits:MaxConnectionsPerClient", "-1")]
    [InlineData("Relay:Limits:RequestsPerSecondPerClient", "0")]
    [InlineData("Relay:Limits:RequestHeadersTimeout", "00:00:00")]
    [InlineData("Relay:Limits:HandshakeTimeout", "2.00:00:00")]
    [InlineData("AgentChat:IdentifyTimeout", "00:00:00")]
    public async Task A_limit_out_of_range_stops_the_Relay_at_start_naming_the_key(string key, string value)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => LimitsRelay.StartAsync(new() { [key] = value }));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
