using System.Text.Json.Nodes;
using AgentPlatform.AgentChat.Tests.Infrastructure;
using AgentPlatform.Client.AgentChat.Reputation;

namespace AgentPlatform.AgentChat.Tests.Cli;

/// <summary>receipts (list, summary, export as JSON and YAML) and ratings (one agent, leaderboard, stats, export, recalculate) over a state dir.</summary>
public sealed class ReputationVerbTests
{
    private static JsonObject Json(string text) => (JsonObject)JsonNode.Parse(text)!;

    private static TempDir StateWithTwoCompletions()
    {
        var dir = new TempDir();
        var receipts = new ReceiptStore(dir.Combine("receipts.jsonl"));
        var now = new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);
        foreach (var (id, to) in new[] { ("prop_1", "@bbbbbbbb"), ("prop_2", "@cccccccc") })
        {
            var frame = new JsonObject { ["type"] = "COMPLETE", ["proposal_id"] = id, ["status"] = "completed", ["completed_by"] = "@aaaaaaaa" };
            receipts.Store(frame, "@aaaaaaaa", new JsonObject { ["id"] = id, ["from"] = "@aaaaaaaa", ["to"] = to }, now);
        }
        return dir;
    }

    [Fact]
    public async Task Receipts_list_summary_and_export()
    {
        using var dir = StateWithTwoCompletions();
        var list = Json((await CliRun.RunAsync(["receipts", "--state-dir", dir.Path, "--json"])).Out);
        Assert.Equal(["prop_1", "prop_2"], list["receipts"]!.AsArray().Select(r => r!["proposal_id"]!.GetValue<string>()));
        var summary = Json((await CliRun.RunAsync(["receipts", "summary", "--state-dir", dir.Path, "--json"])).Out);
        Assert.Equal(2, summary["completed"]!.GetValue<int>());
        var export = JsonNode.Parse((await CliRun.RunAsync(["receipts", "export", "--state-dir", dir.Path])).Out)!.AsArray();
        Assert.Equal(2, export.Count);
        var yaml = (await CliRun.RunAsync(["receipts", "export", "-f", "yaml", "--state-dir", dir.Path])).Out;
        Assert.StartsWith("- type: \"COMPLETE\"", yaml, StringComparison.Ordinal);
        Assert.Contains("  stored_at: ", yaml, StringComparison.Ordinal);
        var bad = await CliRun.RunAsync(["receipts", "burn", "--state-dir", dir.Path]);
        Assert.Equal(2, bad.ExitCode);
    }

    [Fact]
    public async Task Ratings_recalculate_then_leaderboard_stats_one_agent_and_export()
    {
        using var dir = StateWithTwoCompletions();
        Assert.Empty(Json((await CliRun.RunAsync(["ratings", "--state-dir", dir.Path, "--json"])).Out)["ratings"]!.AsArray());
        // Replayed: A and B 1200 → 1216 each; then A 1216 (1 tx) vs C 1200: E_A = 1/(1+10^(−16/400)) = .5230,
        // A +round(32·.4770 = 15.26) = 15 → 1231; C +round(32·.5230 = 16.74) = 17 → 1217.
        var board = Json((await CliRun.RunAsync(["ratings", "--recalculate", "--leaderboard", "2", "--state-dir", dir.Path, "--json"])).Out)["ratings"]!.AsArray();
        Assert.Equal(["@aaaaaaaa:1231", "@cccccccc:1217"], board.Select(r => $"{r!["agent"]}:{r["rating"]}"));
        var stats = Json((await CliRun.RunAsync(["ratings", "--stats", "--state-dir", dir.Path, "--json"])).Out);
        Assert.Equal(3, stats["agents"]!.GetValue<int>());
        Assert.Equal(4, stats["transactions"]!.GetValue<int>());
        Assert.Equal(1231, stats["highest"]!.GetValue<int>());
        var one = Json((await CliRun.RunAsync(["ratings", "bbbbbbbb", "--state-dir", dir.Path, "--json"])).Out);
        Assert.Equal(1216, one["rating"]!.GetValue<int>());
        var unknown = Json((await CliRun.RunAsync(["ratings", "@dddddddd", "--state-dir", dir.Path, "--json"])).Out);
        Assert.Equal(1200, unknown["rating"]!.GetValue<int>());
        var export = Json((await CliRun.RunAsync(["ratings", "--export", "--state-dir", dir.Path])).Out);
        Assert.Equal(2, export["@aaaaaaaa"]!["transactions"]!.GetValue<int>());
        var human = await CliRun.RunAsync(["ratings", "--state-dir", dir.Path]);
        Assert.Contains("1. @aaaaaaaa  1231", human.Out, StringComparison.Ordinal);
    }
}
