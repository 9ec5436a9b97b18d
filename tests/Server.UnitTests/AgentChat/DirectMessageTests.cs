using System.Text.Json.Nodes;
using AgentPlatform.Protocol.AgentChat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AgentPlatform.Server.UnitTests.AgentChat;

/// <summary>DMs, signed messages and the rate limit.</summary>
public sealed class DirectMessageTests
{
    [Fact]
    public async Task A_DM_reaches_its_target_and_is_echoed_to_the_sender()
    {
        await using var server = await ChatServer.StartAsync();
        await using var a = await server.IdentifiedAsync("alice");
        await using var b = await server.IdentifiedAsync("bob");
        await using var c = await server.IdentifiedAsync("carol");
        await a.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = b.AgentId, ["content"] = "psst" });
        foreach (var who in new[] { b, a })
        {
            var msg = await who.ExpectAsync("MSG");
            Assert.Equal(a.AgentId, (string?)msg["from"]);
            Assert.Equal(b.AgentId, (string?)msg["to"]);
            Assert.Equal("psst", (string?)msg["content"]);
        }
        await a.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = "@nobody12", ["content"] = "hello?" });
        await a.ExpectErrorAsync("AGENT_NOT_FOUND");
        await c.ExpectSilenceAsync();
    }

    [Fact]
    public async Task A_signed_message_is_verified_and_keeps_the_clients_ts()
    {
        using var key = new TestKey();
        await using var server = await ChatServer.StartAsync();
        await using var a = await server.IdentifiedAsync("alice", key);
        Assert.Equal(key.AgentId, a.AgentId);
        await using var b = await server.IdentifiedAsync("bob");
        const long Ts = 1_700_000_000_123;
        var content = "signed \"quote\" \n newline ü";
        var sig = key.Sign(AgentChatSigning.Message(b.AgentId!, content, Ts));
        await a.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = b.AgentId, ["content"] = content, ["ts"] = Ts, ["sig"] = sig });
        var msg = await b.ExpectAsync("MSG");
        Assert.Equal(Ts, (long?)msg["ts"]);
        Assert.Equal(sig, (string?)msg["sig"]);
        Assert.Equal(content, (string?)msg["content"]);
        // A recipient can verify from the frame alone.
        Assert.True(Ed25519Check(key, (string)msg["to"]!, (string)msg["content"]!, (long)msg["ts"]!, (string)msg["sig"]!));
        await a.ExpectAsync("MSG");
    }

    [Fact]
    public async Task A_forged_or_keyless_signature_is_refused_with_VERIFICATION_FAILED_and_delivered_to_nobody()
    {
        using var key = new TestKey();
        using var other = new TestKey();
        await using var server = await ChatServer.StartAsync();
        await using var a = await server.IdentifiedAsync("alice", key);
        await using var b = await server.IdentifiedAsync("bob");
        const long Ts = 1_700_000_000_000;
        var forged = other.Sign(AgentChatSigning.Message(b.AgentId!, "pay me", Ts));
        await a.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = b.AgentId, ["content"] = "pay me", ["ts"] = Ts, ["sig"] = forged });
        await a.ExpectErrorAsync("VERIFICATION_FAILED");
        // The right key over another Ts is a forgery too.
        var wrongTs = key.Sign(AgentChatSigning.Message(b.AgentId!, "pay me", Ts + 1));
        await a.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = b.AgentId, ["content"] = "pay me", ["ts"] = Ts, ["sig"] = wrongTs });
        await a.ExpectErrorAsync("VERIFICATION_FAILED");
        await b.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = a.AgentId, ["content"] = "x", ["ts"] = Ts, ["sig"] = forged });
        await b.ExpectErrorAsync("VERIFICATION_FAILED");
        await b.ExpectSilenceAsync();
    }

    [Fact]
    public async Task The_token_bucket_allows_a_burst_of_ten_then_refuses_and_keeps_the_connection()
    {
        // The engine's clock is fake, so a slow machine never refills a token mid-burst.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ChatServer.StartAsync(services: s => s.AddSingleton<TimeProvider>(time));
        await using var a = await server.IdentifiedAsync("alice");
        for (var i = 0; i < 10; i++)
        {
            await a.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = a.AgentId, ["content"] = "n" + i });
        }
        await a.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = a.AgentId, ["content"] = "one too many" });
        for (var i = 0; i < 10; i++) Assert.Equal("n" + i, (string?)(await a.ExpectAsync("MSG"))["content"]);
        await a.ExpectErrorAsync("RATE_LIMITED");
        await a.SendAsync(new JsonObject { ["type"] = "PING" });
        await a.ExpectAsync("PONG");
        // One token a second comes back.
        time.Advance(TimeSpan.FromMilliseconds(1100));
        await a.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = a.AgentId, ["content"] = "later" });
        Assert.Equal("later", (string?)(await a.ExpectAsync("MSG"))["content"]);
    }

    [Fact]
    public async Task The_rate_limit_is_configurable()
    {
        await using var server = await ChatServer.StartAsync(new() { ["AgentChat:RateLimit:Burst"] = "2", ["AgentChat:RateLimit:PerSecond"] = "0.01" });
        await using var a = await server.IdentifiedAsync("alice");
        for (var i = 0; i < 3; i++) await a.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = a.AgentId, ["content"] = "x" });
        await a.ExpectAsync("MSG");
        await a.ExpectAsync("MSG");
        await a.ExpectErrorAsync("RATE_LIMITED");
    }

    private static bool Ed25519Check(TestKey key, string to, string content, long sentTs, string sig)
    {
        Assert.True(Ed25519Pem.TryParsePublicKey(key.Pem, out var raw));
        return AgentPlatform.Server.AgentChat.Ed25519Signatures.Verify(raw, AgentChatSigning.Message(to, content, sentTs), sig);
    }
}
