using AgentPlatform.Protocol.Auth;
using AgentPlatform.Protocol.WebPubSub.Auth;
using AgentPlatform.Relay.Auth;
using AgentPlatform.Relay.Limits;
using AgentPlatform.Relay.Tests.Acp.Transport;

namespace AgentPlatform.Relay.Tests.Limits;

/// <summary>
/// The per-user share (Relay:Limits:MaxConnectionsPerUser) over real sockets: the user is the <c>sub</c> of a verified
/// platform access token (header, <c>bearer.</c> subprotocol, query) or Web PubSub client token, counted across
/// dialects; a third connection of one user gets 429 problem+json while another user from the same address connects,
/// and a closed connection frees its place. The shared key, no token, and tokens that do not verify name nobody.
/// </summary>
public sealed class PerUserAdmissionTests
{
    private const string Hub = "http://127.0.0.1/client/hubs/agents";

    [Fact]
    public async Task A_third_connection_of_one_user_on_any_dialect_is_refused_429_while_another_user_connects_and_a_close_frees_the_place()
    {
        await using var relay = await LimitsRelay.StartAsync(new()
        {
            ["Relay:Limits:MaxConnectionsPerUser"] = "2",
            ["ConnectionStrings:webpubsub"] = "Endpoint=http://127.0.0.1;AccessKey=" + HalfOpenTests.AccessKey + ";Version=1.0;",
        });
        var admission = relay.Get<ConnectionAdmission>();
        var held = new List<RawHttp>();
        try
        {
            // alice's two places: asp-v1 with a platform token, Web PubSub with a client token for the same user.
            held.Add(await ExpectAsync(101, RawHttp.UpgradeAsync(relay.Url, "/v1/agent-socket", "asp-v1", "Bearer " + Platform("alice"))));
            held.Add(await ExpectAsync(101, RawHttp.UpgradeAsync(relay.Url, "/client/hubs/agents?access_token=" + WebPubSub("alice"))));
            Assert.Equal(2, admission.OpenOf("alice"));

            // A third, whatever the dialect and however the token comes: 429 before any upgrade.
            var thirds = new (string Path, string? Subprotocol, string? Authorization)[]
            {
                ("/acp", null, "Bearer " + Platform("alice")),
                ("/agentchat?access_token=" + Platform("alice"), null, null),
                ("/v1/agent-socket", "asp-v1, " + AgentSocketAuthenticator.ToSubprotocol(Platform("alice")), null),
                ("/client/hubs/agents", null, "Bearer " + WebPubSub("alice")),
                ("/client?hub=agents&access_token=" + WebPubSub("alice"), null, null),
            };
            foreach (var (path, subprotocol, authorization) in thirds)
            {
                var (socket, response) = await RawHttp.UpgradeAsync(relay.Url, path, subprotocol, authorization);
                await using var owned = socket;
                Assert.True(response.Status == 429, $"{path}: {response.Status} {response.Body}");
                Assert.True(int.Parse(response.Headers["Retry-After"], System.Globalization.CultureInfo.InvariantCulture) >= 1);
                var problem = response.Problem();
                Assert.Equal("user_connections", (string?)problem["reason"]);
                Assert.Equal(2, (int?)problem["limit"]);
                Assert.Contains("Relay:Limits:MaxConnectionsPerUser", (string?)problem["detail"], StringComparison.Ordinal);
            }

            // bob, from the same address, is not alice: both his connections are served.
            held.Add(await ExpectAsync(101, RawHttp.UpgradeAsync(relay.Url, "/acp", null, "Bearer " + Platform("bob"))));
            held.Add(await ExpectAsync(101, RawHttp.UpgradeAsync(relay.Url, "/client/hubs/agents?access_token=" + WebPubSub("bob"))));
            // Nothing unverified names alice: a token signed with another key or expired is the endpoint's 401, not her 429;
            // the shared key and no token at all are counted by address only.
            var forged = PlatformAccessToken.Create("not-the-relay-key-0123456789", "alice", ["agent.invoke"], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
            var expired = PlatformAccessToken.Create(AcpRelay.Token, "alice", ["agent.invoke"], DateTimeOffset.UtcNow.AddHours(-2), TimeSpan.FromHours(1));
            await using (var refused = await ExpectAsync(401, RawHttp.UpgradeAsync(relay.Url, "/acp", null, "Bearer " + forged)))
            {
            }
            await using (var refused = await ExpectAsync(401, RawHttp.UpgradeAsync(relay.Url, "/acp", null, "Bearer " + expired)))
            {
            }
            held.Add(await ExpectAsync(101, RawHttp.UpgradeAsync(relay.Url, "/acp", null, LimitsRelay.Bearer)));
            held.Add(await ExpectAsync(101, RawHttp.UpgradeAsync(relay.Url, "/agentchat")));
            Assert.Equal(2, admission.OpenOf("alice"));
            Assert.Equal(2, admission.OpenOf("bob"));
            Assert.Equal(0, admission.OpenOf(relay.Get<RelayOptions>().Auth.DevelopmentUser));

            // alice closes her asp-v1 socket: once the Relay has seen it go, her third connection is served.
            await held[0].DisposeAsync();
            await TestSupport.Eventually.TrueAsync(() => admission.OpenOf("alice") < 2, TimeSpan.FromSeconds(10), "alice's closed socket released");
            held.Add(await ExpectAsync(101, RawHttp.UpgradeAsync(relay.Url, "/acp", null, "Bearer " + Platform("alice"))));
            Assert.Equal(2, admission.OpenOf("alice"));
        }
        finally
        {
            foreach (var socket in held) await socket.DisposeAsync();
        }
    }

    private static string Platform(string user) =>
        PlatformAccessToken.Create(AcpRelay.Token, user, ["agent.invoke"], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));

    private static string WebPubSub(string user) =>
        WebPubSubAccessToken.Create(HalfOpenTests.AccessKey, Hub, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), userId: user);

    private static async Task<RawHttp> ExpectAsync(int status, Task<(RawHttp Socket, RawResponse Response)> upgrade)
    {
        var (socket, response) = await upgrade;
        if (response.Status != status)
        {
            await socket.DisposeAsync();
            Assert.Fail($"expected {status}, got {response.Status}: {response.Body}");
        }
        return socket;
    }
}
