using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Protocol.Auth;
using AgentPlatform.Relay.Agenkit;
using AgentPlatform.Relay.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AgentPlatform.Relay.Tests.Agenkit;

/// <summary>Identities on agenkit (Relay:Agenkit:RequireToken): tokens in the envelope's metadata, over real sockets.</summary>
[Collection(PlatformGroup.Name)]
public sealed class AgenkitAuthTests(PlatformFixture platform)
{
    private static readonly Dictionary<string, string?> Required = new() { ["Relay:Agenkit:RequireToken"] = "true" };

    private static string Token(IReadOnlyCollection<string> roles, DateTimeOffset? now = null, string user = "alice") =>
        PlatformAccessToken.Create(PlatformFixture.SocketKey, user, roles, now ?? DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

    private static JsonObject Bearer(string token) => new() { [AgenkitAuth.AuthorizationKey] = "Bearer " + token };

    private static string Reason(AgenkitEnvelope error) => error.Payload["error_details"]!["reason"]!.GetValue<string>();

    private static string Code(AgenkitEnvelope error) => error.Payload["error_code"]!.GetValue<string>();

    [Fact]
    public async Task Tcp_without_a_token_is_refused_with_UNAUTHORIZED_and_closed_while_Unix_without_one_is_served()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform, Required);
        await relay.Host.WaitForAgentAsync("echo");
        await using (var tcp = await relay.ConnectAsync("tcp"))
        {
            await tcp.SendRequestAsync("t-1", AgenkitMethods.Process, "echo", "hi");
            var error = await tcp.ExpectAsync();
            Assert.Equal(AgenkitMessageType.Error, error.Type);
            Assert.Equal("t-1", error.Id);
            Assert.Equal(AgenkitAuth.Unauthorized, Code(error));
            Assert.Equal(AgenkitAuth.MissingToken, Reason(error));
            Assert.True(await tcp.ClosedAsync());
        }
        await using var unix = await relay.ConnectAsync("unix");
        await unix.SendRequestAsync("u-1", AgenkitMethods.Process, "echo", "hi");
        var answer = await unix.ExpectAsync();
        Assert.Equal(AgenkitMessageType.Response, answer.Type);
        Assert.Equal("hi", answer.Payload["message"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tcp_with_a_token_is_served_and_a_call_its_roles_do_not_allow_is_refused_while_the_connection_stays()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform, Required);
        await relay.Host.WaitForAgentAsync("echo");
        await using var tcp = await relay.ConnectAsync("tcp");
        await tcp.SendRequestAsync("a-1", AgenkitMethods.Process, "echo", "one", Bearer(Token(["agent.invoke.echo"])));
        var first = await tcp.ExpectAsync();
        Assert.Equal(AgenkitMessageType.Response, first.Type);
        Assert.Equal("one", first.Payload["message"]!["content"]!.GetValue<string>());

        // The identity stays with the connection: later frames need not repeat the token.
        await tcp.SendRequestAsync("a-2", AgenkitMethods.Process, "conversation", "two");
        var refused = await tcp.ExpectAsync();
        Assert.Equal(AgenkitMessageType.Error, refused.Type);
        Assert.Equal("a-2", refused.Id);
        Assert.Equal(AgenkitAuth.Forbidden, Code(refused));
        Assert.Equal("conversation", refused.Payload["error_details"]!["agent_name"]!.GetValue<string>());

        await tcp.SendRequestAsync("a-3", AgenkitMethods.Process, "echo", "three");
        var again = await tcp.ExpectAsync();
        Assert.Equal(AgenkitMessageType.Response, again.Type);
        Assert.Equal("three", again.Payload["message"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_expired_or_forged_token_is_refused_on_tcp_and_on_unix()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform, Required);
        var expired = Token([PlatformRoles.Invoke], DateTimeOffset.UtcNow - TimeSpan.FromHours(3));
        var forged = PlatformAccessToken.Create("some-other-key", "mallory", [PlatformRoles.Invoke], DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        foreach (var (transport, token, reason) in new[]
                 {
                     ("tcp", expired, AgenkitAuth.ExpiredToken), ("unix", expired, AgenkitAuth.ExpiredToken),
                     ("tcp", forged, AgenkitAuth.InvalidToken), ("tcp", "not-a-token", AgenkitAuth.InvalidToken),
                 })
        {
            await using var client = await relay.ConnectAsync(transport);
            await client.SendRequestAsync("x-1", AgenkitMethods.Process, "echo", "hi", Bearer(token));
            var error = await client.ExpectAsync();
            Assert.Equal(AgenkitAuth.Unauthorized, Code(error));
            Assert.Equal(reason, Reason(error));
            Assert.DoesNotContain(token, error.Payload.ToJsonString(), StringComparison.Ordinal);
            Assert.True(await client.ClosedAsync());
        }
    }

    [Fact]
    public async Task An_identity_that_expires_closes_the_connection_unless_a_fresh_token_for_the_same_user_comes()
    {
        // The Relay's clock is a fake one: tokens expire by advancing it, not by waiting.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // Advancing it also runs the idle check: the idle timeout is made longer than the test's jumps.
        var settings = new Dictionary<string, string?>(Required) { ["Relay:Agenkit:IdleTimeout"] = "01:00:00" };
        await using var relay = await AgenkitRelay.StartAsync(platform, settings, configure: b => b.Services.AddSingleton<TimeProvider>(time));
        await relay.Host.WaitForAgentAsync("echo");
        string Short(string user) => PlatformAccessToken.Create(PlatformFixture.SocketKey, user, [PlatformRoles.Invoke], time.GetUtcNow(), TimeSpan.FromMinutes(1));
        var late = TimeSpan.FromMinutes(1) + PlatformAccessToken.Skew + TimeSpan.FromSeconds(1);

        await using (var stale = await relay.ConnectAsync("tcp"))
        {
            await stale.SendRequestAsync("e-1", AgenkitMethods.Process, "echo", "one", Bearer(Short("alice")));
            Assert.Equal(AgenkitMessageType.Response, (await stale.ExpectAsync()).Type);
            time.Advance(late);
            await stale.SendRequestAsync("e-2", AgenkitMethods.Process, "echo", "two");
            var expired = await stale.ExpectAsync();
            Assert.Equal(AgenkitAuth.Unauthorized, Code(expired));
            Assert.Equal(AgenkitAuth.ExpiredToken, Reason(expired));
            Assert.True(await stale.ClosedAsync());
        }

        await using var renewed = await relay.ConnectAsync("tcp");
        await renewed.SendRequestAsync("f-1", AgenkitMethods.Process, "echo", "one", Bearer(Short("alice")));
        Assert.Equal(AgenkitMessageType.Response, (await renewed.ExpectAsync()).Type);
        time.Advance(late);
        await renewed.SendRequestAsync("f-2", AgenkitMethods.Process, "echo", "two", Bearer(Short("alice")));
        Assert.Equal(AgenkitMessageType.Response, (await renewed.ExpectAsync()).Type);
        time.Advance(late);
        await renewed.SendRequestAsync("f-3", AgenkitMethods.Process, "echo", "three", Bearer(Short("bob")));
        var other = await renewed.ExpectAsync();
        Assert.Equal(AgenkitAuth.Unauthorized, Code(other));
        Assert.Equal(AgenkitAuth.InvalidToken, Reason(other));
        Assert.True(await renewed.ClosedAsync());
    }

    [Fact]
    public async Task Registering_over_tcp_needs_agent_provide_for_that_agent()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform, Required);
        var name = "ak-" + Guid.NewGuid().ToString("N")[..8];
        var other = "ak-" + Guid.NewGuid().ToString("N")[..8];
        await using var agent = new TestAgenkitAgent(Path.Combine(relay.Directory, name + ".sock"));
        await using var tcp = await relay.ConnectAsync("tcp");
        var metadata = Bearer(Token(["agent.provide." + name]));
        await tcp.SendAsync(AgenkitEnvelope.Create(AgenkitMessageType.Register, "r-1",
            new AgenkitRegistration(other, agent.Endpoint, [], metadata).ToPayload()));
        var refused = await tcp.ExpectAsync();
        Assert.Equal(AgenkitAuth.Forbidden, Code(refused));
        Assert.Equal(PlatformRoles.Provide, refused.Payload["error_details"]!["role"]!.GetValue<string>());

        await tcp.SendAsync(AgenkitEnvelope.Create(AgenkitMessageType.Register, "r-2",
            new AgenkitRegistration(name, agent.Endpoint, [], []).ToPayload()));
        var registered = await tcp.ExpectAsync();
        Assert.Equal(AgenkitMessageType.Response, registered.Type);
        Assert.Equal("registered", registered.Payload["status"]!.GetValue<string>());
        await tcp.SendAsync(AgenkitEnvelope.Create(AgenkitMessageType.Unregister, "r-3", new JsonObject { ["agent_name"] = name }));
        Assert.Equal("unregistered", (await tcp.ExpectAsync()).Payload["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task In_Development_tcp_without_a_token_is_served_and_the_shared_key_is_a_token()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform);
        await relay.Host.WaitForAgentAsync("echo");
        await using var plain = await relay.ConnectAsync("tcp");
        await plain.SendRequestAsync("d-1", AgenkitMethods.Process, "echo", "dev");
        Assert.Equal(AgenkitMessageType.Response, (await plain.ExpectAsync()).Type);
        await using var keyed = await relay.ConnectAsync("tcp");
        await keyed.SendRequestAsync("d-2", AgenkitMethods.Process, "echo", "key", Bearer(PlatformFixture.SocketKey));
        Assert.Equal(AgenkitMessageType.Response, (await keyed.ExpectAsync()).Type);
    }

    [Fact]
    public async Task The_shared_key_is_refused_where_the_Relay_does_not_allow_it()
    {
        await using var relay = await AgenkitRelay.StartAsync(platform, new() { ["Relay:Agenkit:RequireToken"] = "true", ["Relay:Auth:AllowSharedKey"] = "false" });
        await using var tcp = await relay.ConnectAsync("tcp");
        await tcp.SendRequestAsync("k-1", AgenkitMethods.Process, "echo", "hi", Bearer(PlatformFixture.SocketKey));
        var error = await tcp.ExpectAsync();
        Assert.Equal(AgenkitAuth.Unauthorized, Code(error));
        Assert.Equal(AgenkitAuth.InvalidToken, Reason(error));
    }

    [Fact]
    public void The_token_is_taken_from_either_metadata_and_removed_from_both()
    {
        var payload = new JsonObject
        {
            ["message"] = new JsonObject { ["metadata"] = new JsonObject { ["authorization"] = "Bearer abc", ["session_id"] = "s" } },
            ["metadata"] = new JsonObject { ["authorization"] = "def" },
        };
        Assert.Equal("abc", AgenkitAuth.TakeToken(payload));
        Assert.False(payload["message"]!["metadata"]!.AsObject().ContainsKey("authorization"));
        Assert.False(payload["metadata"]!.AsObject().ContainsKey("authorization"));
        Assert.Equal("s", payload["message"]!["metadata"]!["session_id"]!.GetValue<string>());
        Assert.Equal("def", AgenkitAuth.TakeToken(new JsonObject { ["metadata"] = new JsonObject { ["authorization"] = "Bearer def" } }));
        Assert.Equal("", AgenkitAuth.TakeToken(new JsonObject { ["metadata"] = new JsonObject { ["authorization"] = 42 } }));
        Assert.Null(AgenkitAuth.TakeToken(new JsonObject { ["method"] = "process" }));
    }
}
