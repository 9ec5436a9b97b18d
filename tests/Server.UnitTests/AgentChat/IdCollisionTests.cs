using System.Text.Json.Nodes;
using AgentPlatform.Protocol.AgentChat;

namespace AgentPlatform.Server.UnitTests.AgentChat;

/// <summary>
/// An agent id is 32 bits of sha256 over the PEM text, and one key has many accepted texts (surrounding whitespace),
/// so two keys with the same id are a birthday search away. A second key must never take a held or once-bound id.
/// </summary>
public sealed class IdCollisionTests
{
    [Fact]
    public async Task A_different_key_with_a_colliding_id_is_refused_and_the_holder_stays()
    {
        using var victim = new TestKey();
        using var thief = new TestKey();
        var (victimPem, thiefPem) = Collide(victim.Pem, thief.Pem);
        var id = AgentChatIds.FromPublicKey(victimPem);
        Assert.Equal(id, AgentChatIds.FromPublicKey(thiefPem));

        await using var server = await ChatServer.StartAsync(new() { ["AgentChat:Identity:Policy"] = "Challenge" });
        await using var holder = await server.ConnectAsync();
        Assert.Equal(id, await ChallengeAsync(holder, victim, victimPem));

        await using var attacker = await server.ConnectAsync();
        await attacker.SendAsync(new JsonObject { ["type"] = "IDENTIFY", ["name"] = "mallory", ["pubkey"] = thiefPem });
        var challenge = await attacker.ExpectAsync("CHALLENGE");
        await attacker.SendAsync(Answer(thief, challenge));
        var refused = await attacker.ExpectErrorAsync("VERIFICATION_FAILED");
        Assert.Contains("different key", (string?)refused["message"], StringComparison.Ordinal);

        // The holder was not kicked and still owns the id.
        await using var sender = await server.IdentifiedAsync("sender");
        await sender.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = id, ["content"] = "still you?" });
        Assert.Equal("still you?", (string?)(await holder.ExpectAsync("MSG"))["content"]);

        // Once bound, the id stays the victim's key's even after the victim leaves.
        await holder.DisposeAsync();
        await Task.Delay(200, TestContext.Current.CancellationToken);
        await using var later = await server.ConnectAsync();
        await later.SendAsync(new JsonObject { ["type"] = "IDENTIFY", ["name"] = "mallory", ["pubkey"] = thiefPem });
        await later.SendAsync(Answer(thief, await later.ExpectAsync("CHALLENGE")));
        await later.ExpectErrorAsync("VERIFICATION_FAILED");

        // The same key, in another accepted text with the same id, still takes over (the reference's behaviour).
        await using var back = await server.ConnectAsync();
        Assert.Equal(id, await ChallengeAsync(back, victim, victimPem));
    }

    private static async Task<string> ChallengeAsync(ChatClient client, TestKey key, string pem)
    {
        await client.SendAsync(new JsonObject { ["type"] = "IDENTIFY", ["name"] = "alice", ["pubkey"] = pem });
        await client.SendAsync(Answer(key, await client.ExpectAsync("CHALLENGE")));
        return (string)(await client.ExpectAsync("WELCOME"))["agent_id"]!;
    }

    private static JsonObject Answer(TestKey key, JsonObject challenge)
    {
        var id = (string)challenge["challenge_id"]!;
        const long Timestamp = 1_700_000_000_000;
        return new JsonObject
        {
            ["type"] = "VERIFY_IDENTITY", ["challenge_id"] = id, ["timestamp"] = Timestamp,
            ["signature"] = key.Sign(AgentChatSigning.Auth((string)challenge["nonce"]!, id, Timestamp)),
        };
    }

    /// <summary>Birthday search over whitespace variants: 2^17 texts of one key, then texts of the other until one matches.</summary>
    private static (string A, string B) Collide(string a, string b)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 1 << 17; i++)
        {
            var pem = Whitespace(i, 17) + a;
            seen.TryAdd(AgentChatIds.FromPublicKey(pem), pem);
        }
        for (var j = 0; j < 1 << 24; j++)
        {
            var pem = b + Whitespace(j, 24);
            if (seen.TryGetValue(AgentChatIds.FromPublicKey(pem), out var match)) return (match, pem);
        }
        throw new Xunit.Sdk.XunitException("no collision found in 2^24 tries");
    }

    private static string Whitespace(int bits, int length) => string.Create(length, bits, static (span, v) =>
    {
        for (var k = 0; k < span.Length; k++) span[k] = ((v >> k) & 1) == 0 ? ' ' : '\t';
    });
}
