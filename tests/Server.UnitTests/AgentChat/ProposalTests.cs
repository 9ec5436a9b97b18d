using System.Text.Json.Nodes;
using AgentPlatform.Protocol.AgentChat;

namespace AgentPlatform.Server.UnitTests.AgentChat;

/// <summary>PROPOSAL → ACCEPT/REJECT → COMPLETE/DISPUTE with verified signatures and the rules of 0.7.0.</summary>
public sealed class ProposalTests
{
    private static JsonObject Proposal(TestKey key, string to, string task) => new()
    {
        ["type"] = "PROPOSAL", ["to"] = to, ["task"] = task, ["amount"] = 0.05, ["currency"] = "SOL", ["expires"] = 300,
        ["sig"] = key.Sign($"{to}|{task}|0.05|SOL||300"),
    };

    private static JsonObject Reply(TestKey key, string verb, string id, string field, string? text, string signed) => new()
    {
        ["type"] = verb, ["proposal_id"] = id, [field] = text, ["sig"] = key.Sign(signed),
    };

    [Fact]
    public async Task A_proposal_is_accepted_and_completed_and_both_parties_see_every_step()
    {
        using var ka = new TestKey();
        using var kb = new TestKey();
        await using var server = await ChatServer.StartAsync();
        await using var a = await server.IdentifiedAsync("alice", ka);
        await using var b = await server.IdentifiedAsync("bob", kb);
        await a.SendAsync(Proposal(ka, b.AgentId!, "write a haiku"));
        var seenByB = await b.ExpectAsync("PROPOSAL");
        var seenByA = await a.ExpectAsync("PROPOSAL");
        var id = (string)seenByB["id"]!;
        Assert.Equal(id, (string?)seenByA["id"]);
        Assert.StartsWith("prop_", id, StringComparison.Ordinal);
        Assert.Equal(a.AgentId, (string?)seenByB["from"]);
        Assert.Equal("pending", (string?)seenByB["status"]);
        Assert.Equal(0.05, (double?)seenByB["amount"]);
        Assert.Equal("SOL", (string?)seenByB["currency"]);
        Assert.Null(seenByB["payment_code"]);
        Assert.Equal((long)seenByB["created_at"]! + 300_000, (long?)seenByB["expires"]);

        await a.SendAsync(Reply(ka, "ACCEPT", id, "payment_code", null, AgentChatSigning.Accept(id, null)));
        Assert.Equal("NOT_PROPOSAL_RECIPIENT", (string?)(await a.ExpectErrorAsync("INVALID_PROPOSAL"))["message"]);
        await b.SendAsync(Reply(kb, "COMPLETE", id, "proof", null, AgentChatSigning.Complete(id, null)));
        Assert.Equal("PROPOSAL_NOT_ACCEPTED", (string?)(await b.ExpectErrorAsync("INVALID_PROPOSAL"))["message"]);

        await b.SendAsync(Reply(kb, "ACCEPT", id, "payment_code", "PM8T", AgentChatSigning.Accept(id, "PM8T")));
        foreach (var who in new[] { a, b })
        {
            var accept = await who.ExpectAsync("ACCEPT");
            Assert.Equal(id, (string?)accept["proposal_id"]);
            Assert.Equal("accepted", (string?)accept["status"]);
            Assert.Equal("PM8T", (string?)accept["payment_code"]);
        }
        await b.SendAsync(Reply(kb, "COMPLETE", id, "proof", "tx:abc", AgentChatSigning.Complete(id, "tx:abc")));
        foreach (var who in new[] { a, b })
        {
            var complete = await who.ExpectAsync("COMPLETE");
            Assert.Equal("completed", (string?)complete["status"]);
            Assert.Equal(b.AgentId, (string?)complete["completed_by"]);
            Assert.Equal("tx:abc", (string?)complete["proof"]);
            Assert.NotNull(complete["completed_at"]);
            Assert.NotNull(complete["sig"]);
        }
        await a.SendAsync(Reply(ka, "DISPUTE", id, "reason", "late", AgentChatSigning.Dispute(id, "late")));
        Assert.Equal("PROPOSAL_NOT_ACCEPTED", (string?)(await a.ExpectErrorAsync("INVALID_PROPOSAL"))["message"]);
    }

    [Fact]
    public async Task Reject_and_dispute_are_relayed_with_their_reasons()
    {
        using var ka = new TestKey();
        using var kb = new TestKey();
        await using var server = await ChatServer.StartAsync();
        await using var a = await server.IdentifiedAsync("alice", ka);
        await using var b = await server.IdentifiedAsync("bob", kb);
        await a.SendAsync(Proposal(ka, b.AgentId!, "one"));
        var first = (string)(await b.ExpectAsync("PROPOSAL"))["id"]!;
        await a.ExpectAsync("PROPOSAL");
        await b.SendAsync(Reply(kb, "REJECT", first, "reason", "busy", AgentChatSigning.Reject(first, "busy")));
        Assert.Equal("busy", (string?)(await a.ExpectAsync("REJECT"))["reason"]);
        Assert.Equal("rejected", (string?)(await b.ExpectAsync("REJECT"))["status"]);

        await a.SendAsync(Proposal(ka, b.AgentId!, "two"));
        var second = (string)(await b.ExpectAsync("PROPOSAL"))["id"]!;
        await a.ExpectAsync("PROPOSAL");
        await b.SendAsync(Reply(kb, "ACCEPT", second, "payment_code", null, AgentChatSigning.Accept(second, null)));
        await a.ExpectAsync("ACCEPT");
        await b.ExpectAsync("ACCEPT");
        await a.SendAsync(Reply(ka, "DISPUTE", second, "reason", "never delivered", AgentChatSigning.Dispute(second, "never delivered")));
        foreach (var who in new[] { b, a })
        {
            var dispute = await who.ExpectAsync("DISPUTE");
            Assert.Equal("disputed", (string?)dispute["status"]);
            Assert.Equal(a.AgentId, (string?)dispute["disputed_by"]);
            Assert.Equal("never delivered", (string?)dispute["reason"]);
        }
    }

    [Fact]
    public async Task An_expired_proposal_can_no_longer_be_accepted()
    {
        using var ka = new TestKey();
        using var kb = new TestKey();
        await using var server = await ChatServer.StartAsync();
        await using var a = await server.IdentifiedAsync("alice", ka);
        await using var b = await server.IdentifiedAsync("bob", kb);
        await a.SendAsync(new JsonObject { ["type"] = "PROPOSAL", ["to"] = b.AgentId, ["task"] = "quick", ["expires"] = 0.2, ["sig"] = ka.Sign($"{b.AgentId}|quick||||0.2") });
        var proposal = await b.ExpectAsync("PROPOSAL");
        Assert.Equal((long)proposal["created_at"]! + 200, (long?)proposal["expires"]);
        var id = (string)proposal["id"]!;
        await Task.Delay(400, TestContext.Current.CancellationToken);
        await b.SendAsync(Reply(kb, "ACCEPT", id, "payment_code", null, AgentChatSigning.Accept(id, null)));
        Assert.Equal("PROPOSAL_EXPIRED", (string?)(await b.ExpectErrorAsync("INVALID_PROPOSAL"))["message"]);
    }

    [Fact]
    public async Task Proposals_need_a_key_a_valid_signature_and_a_connected_target()
    {
        using var ka = new TestKey();
        using var other = new TestKey();
        await using var server = await ChatServer.StartAsync();
        await using var a = await server.IdentifiedAsync("alice", ka);
        await using var ephemeral = await server.IdentifiedAsync("eph");
        await ephemeral.SendAsync(Proposal(ka, a.AgentId!, "task"));
        await ephemeral.ExpectErrorAsync("SIGNATURE_REQUIRED");
        await a.SendAsync(Proposal(other, ephemeral.AgentId!, "task"));
        await a.ExpectErrorAsync("VERIFICATION_FAILED");
        await a.SendAsync(Proposal(ka, "@gone1234", "task"));
        await a.ExpectErrorAsync("AGENT_NOT_FOUND");
        await a.SendAsync(new JsonObject { ["type"] = "PROPOSAL", ["to"] = ephemeral.AgentId, ["task"] = "unsigned" });
        await a.ExpectErrorAsync("INVALID_MSG");
        await a.SendAsync(Reply(ka, "ACCEPT", "prop_missing", "payment_code", null, AgentChatSigning.Accept("prop_missing", null)));
        Assert.Equal("PROPOSAL_NOT_FOUND", (string?)(await a.ExpectErrorAsync("INVALID_PROPOSAL"))["message"]);
    }
}
