using System.Text.Json.Nodes;
using AgentPlatform.AgentChat.Tests.Infrastructure;
using AgentPlatform.Client.AgentChat;

namespace AgentPlatform.AgentChat.Tests.Cli;

/// <summary>propose, accept, reject, complete, dispute, then receipts and ratings, each verb a separate CLI run as a user would type it.</summary>
public sealed class ProposalVerbTests
{
    private static JsonObject Json(string line) => (JsonObject)JsonNode.Parse(line)!;

    private sealed class Party : IDisposable
    {
        public Party(string name)
        {
            Identity = AgentChatIdentity.Generate(name);
            Identity.Save(Dir.Combine("identity.json"));
        }

        public TempDir Dir { get; } = new();

        public AgentChatIdentity Identity { get; }

        public string Id => Identity.AgentId;

        /// <summary>A verb run as this party: its state dir holds identity.json, receipts, ratings.</summary>
        public Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync([.. args, "--state-dir", Dir.Path, "--json"]);

        public void Dispose() => Dir.Dispose();
    }

    [Fact]
    public async Task Propose_accept_complete_stores_a_receipt_for_each_party_and_moves_both_ratings_by_16()
    {
        await using var server = await ChatServer.StartAsync();
        using var alice = new Party("alice");
        using var bob = new Party("bob");
        // Bob is online (the target of a proposal must be), through his own client; his CLI runs come and go.
        await using var bobOnline = await Agents.ConnectAsync(server, "bob", bob.Identity);

        var propose = await alice.RunAsync("propose", server.Url, bob.Id, "write", "the", "docs", "-a", "0", "-e", "600");
        Assert.True(propose.ExitCode == 0, propose.ToString());
        var proposal = Json(propose.Out);
        var id = proposal.Text("id")!;
        Assert.Equal("write the docs", proposal.Text("task"));
        Assert.Equal(alice.Id, proposal.Text("from"));
        var received = await bobOnline.NextAsync(f => f.Type() == "PROPOSAL" && f.Text("id") == id);
        Assert.Equal(bob.Id, received.Text("to"));

        await bobOnline.DisposeAsync(); // the duplicate-identity rule would otherwise kick one of Bob's two connections
        var accept = await bob.RunAsync("accept", server.Url, id, "-p", "bob-wallet");
        Assert.True(accept.ExitCode == 0, accept.ToString());
        Assert.Equal("accepted", Json(accept.Out).Text("status"));

        var complete = await alice.RunAsync("complete", server.Url, id, "--proof", "https://example.invalid/pr/1");
        Assert.True(complete.ExitCode == 0, complete.ToString());
        var completed = Json(complete.Out);
        Assert.Equal("completed", completed.Text("status"));
        // Both at 1200 with no history: E = 0.5, K = 32, gain = max(1, round(32 · 0.5)) = 16.
        var changes = completed["rating_changes"]!.AsArray().Select(c => (c!["agent"]!.GetValue<string>(), c["new"]!.GetValue<int>())).ToList();
        Assert.Equal([(alice.Id, 1216), (bob.Id, 1216)], changes);

        var receipts = await alice.RunAsync("receipts");
        var stored = Json(receipts.Out)["receipts"]!.AsArray().Single()!.AsObject();
        Assert.Equal("COMPLETE", stored.Type());
        Assert.Equal(id, stored.Text("proposal_id"));
        Assert.NotNull(stored.Number("stored_at"));
        Assert.Equal(bob.Id, ((JsonObject)stored["proposal"]!).Text("to"));

        var ratings = await alice.RunAsync("ratings", bob.Id);
        Assert.Equal(1216, Json(ratings.Out)["rating"]!.GetValue<int>());
        var file = Json(await File.ReadAllTextAsync(alice.Dir.Combine("ratings.json")));
        Assert.Equal(1, file[alice.Id]!["transactions"]!.GetValue<int>());
        var summary = await alice.RunAsync("receipts", "summary");
        Assert.Equal(1, Json(summary.Out)["completed"]!.GetValue<int>());
    }

    [Fact]
    public async Task Reject_and_dispute_answer_with_their_status_and_a_dispute_costs_the_party_at_fault()
    {
        await using var server = await ChatServer.StartAsync();
        using var alice = new Party("alice");
        using var bob = new Party("bob");
        string first, secondId;
        await using (var bobOnline = await Agents.ConnectAsync(server, "bob", bob.Identity))
        {
            first = Json((await alice.RunAsync("propose", server.Url, bob.Id, "task", "one")).Out).Text("id")!;
            secondId = Json((await alice.RunAsync("propose", server.Url, bob.Id, "task", "two", "-a", "9", "-c", "USDC")).Out).Text("id")!;
            await bobOnline.NextAsync(f => f.Type() == "PROPOSAL" && f.Text("id") == secondId);
        }
        var reject = await bob.RunAsync("reject", server.Url, first, "-r", "busy");
        Assert.True(reject.ExitCode == 0, reject.ToString());
        Assert.Equal("rejected", Json(reject.Out).Text("status"));
        var rejectAgain = await bob.RunAsync("reject", server.Url, first);
        Assert.Equal("INVALID_PROPOSAL", Json(rejectAgain.Err).Text("error"));

        var none = Json((await alice.RunAsync("receipts")).Out); // a rejection is no receipt
        Assert.Empty(none["receipts"]!.AsArray());
        Assert.Equal(2, (await File.ReadAllLinesAsync(alice.Dir.Combine("proposals.jsonl"))).Length);

        Assert.True((await bob.RunAsync("accept", server.Url, secondId)).ExitCode == 0);
        var dispute = await alice.RunAsync("dispute", server.Url, secondId, "never", "delivered");
        Assert.True(dispute.ExitCode == 0, dispute.ToString());
        var disputed = Json(dispute.Out);
        Assert.Equal("disputed", disputed.Text("status"));
        // Alice disputes, so Bob is at fault. Amount 9: Keff = 32 · min(1 + log10(10), 3) = 64; E = 0.5;
        // Bob loses max(1, round(64 · 0.5)) = 32 → 1168; Alice gains round(32 / 2) = 16 → 1216.
        var changes = disputed["rating_changes"]!.AsArray().ToDictionary(c => c!["agent"]!.GetValue<string>(), c => c!["new"]!.GetValue<int>());
        Assert.Equal(1216, changes[alice.Id]);
        Assert.Equal(1168, changes[bob.Id]);
    }

    [Fact]
    public async Task Proposal_verbs_without_an_identity_file_say_so()
    {
        await using var server = await ChatServer.StartAsync();
        using var dir = new TempDir();
        var run = await CliRun.RunAsync(["propose", server.Url, "@someone1", "task", "--state-dir", dir.Path, "--json"]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("IDENTITY_NOT_FOUND", Json(run.Err).Text("error"));
    }
}
