using System.Net.WebSockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgentPlatform.Protocol.AgentChat;
using AgentPlatform.Server.AgentChat;

namespace AgentPlatform.Server.UnitTests.AgentChat;

/// <summary>IDENTIFY under both identity policies, the challenge, duplicate identities.</summary>
public sealed partial class IdentityTests
{
    [GeneratedRegex("^@[a-z0-9]{8}$")]
    private static partial Regex EphemeralId();

    [Fact]
    public async Task An_ephemeral_identity_gets_eight_random_characters_and_the_server_name()
    {
        await using var server = await ChatServer.StartAsync();
        await using var a = await server.ConnectAsync();
        await a.SendAsync(new JsonObject { ["type"] = "IDENTIFY", ["name"] = "alice" });
        var welcome = await a.ExpectAsync("WELCOME");
        Assert.Matches(EphemeralId(), (string?)welcome["agent_id"]);
        Assert.Equal("test-server", (string?)welcome["server"]);
        await a.SendAsync(new JsonObject { ["type"] = "IDENTIFY", ["name"] = "alice" });
        await a.ExpectErrorAsync("INVALID_MSG");
    }

    [Fact]
    public async Task Under_the_seed_policy_a_key_gets_its_derived_id_at_once()
    {
        using var key = new TestKey();
        await using var server = await ChatServer.StartAsync(environment: "Development");
        Assert.Equal(IdentityPolicy.Seed, server.Engine.Policy);
        await using var a = await server.IdentifiedAsync("alice", key);
        Assert.Equal(key.AgentId, a.AgentId);
        Assert.Matches("^@[0-9a-f]{8}$", a.AgentId);
    }

    [Fact]
    public async Task The_same_key_on_a_new_connection_kicks_the_old_one()
    {
        using var key = new TestKey();
        await using var server = await ChatServer.StartAsync();
        await using var watcher = await server.IdentifiedAsync("watcher");
        await watcher.JoinAsync("#general");
        var old = await server.IdentifiedAsync("alice", key);
        await old.JoinAsync("#general");
        await watcher.ExpectAsync("AGENT_JOINED");
        await using var fresh = await server.IdentifiedAsync("alice", key);
        var kicked = await old.ExpectErrorAsync("INVALID_MSG");
        Assert.Equal("Disconnected: Another connection claimed this identity", (string?)kicked["message"]);
        Assert.Equal(1000, await old.ExpectCloseAsync());
        Assert.Equal(key.AgentId, (string?)(await watcher.ExpectAsync("AGENT_LEFT"))["agent"]);
        // The id now belongs to the new connection.
        await watcher.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = key.AgentId, ["content"] = "who are you" });
        Assert.Equal("who are you", (string?)(await fresh.ExpectAsync("MSG"))["content"]);
        await old.DisposeAsync();
    }

    [Fact]
    public async Task Outside_Development_the_default_policy_is_the_challenge()
    {
        await using var server = await ChatServer.StartAsync(environment: "Production");
        Assert.Equal(IdentityPolicy.Challenge, server.Engine.Policy);
        await using var seeded = await ChatServer.StartAsync(new() { ["AgentChat:Identity:Policy"] = "Seed" }, environment: "Production");
        Assert.Equal(IdentityPolicy.Seed, seeded.Engine.Policy);
    }

    [Fact]
    public async Task The_challenge_answered_with_the_key_welcomes_the_agent()
    {
        using var key = new TestKey();
        await using var server = await ChatServer.StartAsync(new() { ["AgentChat:Identity:Policy"] = "challenge" });
        await using var a = await server.ConnectAsync();
        await a.SendAsync(new JsonObject { ["type"] = "IDENTIFY", ["name"] = "alice", ["pubkey"] = key.Pem });
        var challenge = await a.ExpectAsync("CHALLENGE");
        var id = (string)challenge["challenge_id"]!;
        var nonce = (string)challenge["nonce"]!;
        Assert.Matches("^chal_[0-9a-z]+_[0-9a-f]{8}$", id);
        Assert.Matches("^[0-9a-f]{32}$", nonce);
        Assert.InRange((long)challenge["expires_at"]! - (long)challenge["ts"]!, 59_000, 61_000);
        // Nothing else works before the answer.
        await a.SendAsync(new JsonObject { ["type"] = "JOIN", ["channel"] = "#general" });
        await a.ExpectErrorAsync("AUTH_REQUIRED");
        const long Timestamp = 1_700_000_000_000;
        await a.SendAsync(new JsonObject
        {
            ["type"] = "VERIFY_IDENTITY", ["challenge_id"] = id, ["timestamp"] = Timestamp,
            ["signature"] = key.Sign(AgentChatSigning.Auth(nonce, id, Timestamp)),
        });
        var welcome = await a.ExpectAsync("WELCOME");
        Assert.Equal(key.AgentId, (string?)welcome["agent_id"]);
        await a.JoinAsync("#general");
    }

    [Fact]
    public async Task A_wrong_answer_is_VERIFICATION_FAILED_and_an_unknown_challenge_VERIFICATION_EXPIRED()
    {
        using var key = new TestKey();
        using var thief = new TestKey();
        await using var server = await ChatServer.StartAsync(new() { ["AgentChat:Identity:Policy"] = "Challenge" });
        await using var a = await server.ConnectAsync();
        await a.SendAsync(new JsonObject { ["type"] = "IDENTIFY", ["name"] = "mallory", ["pubkey"] = key.Pem });
        var challenge = await a.ExpectAsync("CHALLENGE");
        var id = (string)challenge["challenge_id"]!;
        await a.SendAsync(new JsonObject { ["type"] = "IDENTIFY", ["name"] = "mallory", ["pubkey"] = key.Pem });
        await a.ExpectErrorAsync("INVALID_MSG");
        await a.SendAsync(new JsonObject { ["type"] = "VERIFY_IDENTITY", ["challenge_id"] = "chal_x_00000000", ["timestamp"] = 1, ["signature"] = "AAAA" });
        await a.ExpectErrorAsync("VERIFICATION_EXPIRED");
        await a.SendAsync(new JsonObject
        {
            ["type"] = "VERIFY_IDENTITY", ["challenge_id"] = id, ["timestamp"] = 5,
            ["signature"] = thief.Sign(AgentChatSigning.Auth((string)challenge["nonce"]!, id, 5)),
        });
        await a.ExpectErrorAsync("VERIFICATION_FAILED");
        // The challenge is spent.
        await a.SendAsync(new JsonObject { ["type"] = "VERIFY_IDENTITY", ["challenge_id"] = id, ["timestamp"] = 5, ["signature"] = "AAAA" });
        await a.ExpectErrorAsync("VERIFICATION_EXPIRED");
        // Ephemeral identities need no challenge.
        await a.IdentifyAsync("mallory");
    }

    [Fact]
    public async Task An_unanswered_challenge_expires_and_closes_the_connection()
    {
        using var key = new TestKey();
        await using var server = await ChatServer.StartAsync(new() { ["AgentChat:Identity:Policy"] = "Challenge", ["AgentChat:Identity:ChallengeTimeout"] = "00:00:00.500" });
        await using var a = await server.ConnectAsync();
        await a.SendAsync(new JsonObject { ["type"] = "IDENTIFY", ["name"] = "slow", ["pubkey"] = key.Pem });
        await a.ExpectAsync("CHALLENGE");
        await a.ExpectErrorAsync("VERIFICATION_EXPIRED");
        Assert.Equal((int)WebSocketCloseStatus.NormalClosure, await a.ExpectCloseAsync());
    }

    [Fact]
    public async Task A_pubkey_that_is_not_Ed25519_PEM_is_INVALID_MSG()
    {
        await using var server = await ChatServer.StartAsync();
        await using var a = await server.ConnectAsync();
        await a.SendAsync(new JsonObject { ["type"] = "IDENTIFY", ["name"] = "alice", ["pubkey"] = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n" });
        await a.ExpectErrorAsync("INVALID_MSG");
        await a.SendAsync(new JsonObject { ["type"] = "IDENTIFY", ["name"] = "bad name!" });
        await a.ExpectErrorAsync("INVALID_MSG");
        await a.IdentifyAsync("alice");
    }
}
