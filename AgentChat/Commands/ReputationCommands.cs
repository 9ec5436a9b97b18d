using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.AgentChat.Output;
using AgentPlatform.Client.AgentChat;
using AgentPlatform.Client.AgentChat.Reputation;
using AgentPlatform.Protocol.AgentChat;

namespace AgentPlatform.AgentChat.Commands;

/// <summary><c>agentchat receipts</c> and <c>agentchat ratings</c>: the local receipts file and the ELO ratings it feeds.</summary>
public static class ReputationCommands
{
    public static Command CreateReceipts()
    {
        var action = new Argument<string>("action") { Description = "list | summary | export", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "list" };
        var format = new Option<string>("--format", "-f") { Description = "export format: json or yaml", DefaultValueFactory = _ => "json" };
        var file = new Option<string?>("--file") { Description = "receipts file (default <state-dir>/receipts.jsonl)" };
        var json = new Option<bool>("--json") { Description = "machine-readable output" };
        var stateDir = CommonOptions.StateDirOption();
        var command = new Command("receipts", "COMPLETE receipts this agent took part in") { action, format, file, json, stateDir };
        command.SetAction(async (parse, ct) =>
        {
            var output = new CliOutput(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(json));
            var store = new ReceiptStore(parse.GetValue(file) ?? Path.Combine(parse.GetValue(stateDir)!, "receipts.jsonl"));
            var receipts = store.ReadAll();
            switch (parse.GetValue(action))
            {
                case "export":
                    var array = new JsonArray([.. receipts.Select(r => (JsonNode)r.DeepClone())]);
                    await output.Out.WriteLineAsync(parse.GetValue(format) == "yaml" ? Yaml(array) : array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                    return 0;
                case "summary":
                    var completed = receipts.Count(r => r.Type() == "COMPLETE");
                    var disputed = receipts.Count(r => r.Type() == "DISPUTE");
                    await output.ResultAsync(new JsonObject { ["receipts"] = receipts.Count, ["completed"] = completed, ["disputed"] = disputed, ["file"] = store.Path },
                        $"{receipts.Count} receipts: {CliOutput.Green(completed + " completed")}, {CliOutput.Red(disputed + " disputed")}");
                    return 0;
                case "list":
                    await output.ResultAsync(new JsonObject { ["receipts"] = new JsonArray([.. receipts.Select(r => (JsonNode)r.DeepClone())]) },
                        receipts.Count == 0 ? [CliOutput.Dim("no receipts")] : [.. receipts.Select(r => $"{r.Text("proposal_id")}  {r.Type()}  {r.Text("completed_by") ?? r.Text("disputed_by")}")]);
                    return 0;
                default:
                    return await output.FailAsync("USAGE", "receipts [list|summary|export]", 2);
            }
        });
        return command;
    }

    public static Command CreateRatings()
    {
        var agent = new Argument<string?>("agent") { Description = "an agent id (default: every rated agent)", Arity = ArgumentArity.ZeroOrOne };
        var export = new Option<bool>("--export", "-e") { Description = "print ratings.json" };
        var recalculate = new Option<bool>("--recalculate", "-r") { Description = "rebuild the ratings from the receipts" };
        var leaderboard = new Option<int?>("--leaderboard", "-l") { Description = "the top N by rating" };
        var stats = new Option<bool>("--stats", "-s") { Description = "counts and averages" };
        var file = new Option<string?>("--file") { Description = "ratings file (default <state-dir>/ratings.json)" };
        var json = new Option<bool>("--json") { Description = "machine-readable output" };
        var stateDir = CommonOptions.StateDirOption();
        var command = new Command("ratings", "ELO ratings from receipts (start 1200; K 32/24/16)") { agent, export, recalculate, leaderboard, stats, file, json, stateDir };
        command.SetAction(async (parse, ct) =>
        {
            var output = new CliOutput(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(json));
            var dir = parse.GetValue(stateDir)!;
            var store = RatingStore.Load(parse.GetValue(file) ?? Path.Combine(dir, "ratings.json"));
            if (parse.GetValue(recalculate))
            {
                store.Recalculate(new ReceiptStore(Path.Combine(dir, "receipts.jsonl")).ReadAll(), DateTimeOffset.UtcNow);
                store.Save();
            }
            if (parse.GetValue(export))
            {
                await output.Out.WriteLineAsync(store.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            if (parse.GetValue(agent) is { } one)
            {
                var id = AgentIds.Normalize(one);
                var rating = store.Get(id);
                await output.ResultAsync(Row(id, rating), $"{CliOutput.Bold(id)}  {rating.Rating}  ({rating.Transactions} transactions, K {AgentChatElo.KFactor(rating.Transactions)})");
                return 0;
            }
            var rows = store.Ratings.OrderByDescending(r => r.Value.Rating).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
            if (parse.GetValue(stats))
            {
                var average = rows.Count == 0 ? AgentChatElo.InitialRating : rows.Average(r => r.Value.Rating);
                await output.ResultAsync(new JsonObject
                {
                    ["agents"] = rows.Count,
                    ["average"] = Math.Round(average, 1),
                    ["highest"] = rows.Count == 0 ? null : rows[0].Value.Rating,
                    ["lowest"] = rows.Count == 0 ? null : rows[^1].Value.Rating,
                    ["transactions"] = rows.Sum(r => r.Value.Transactions),
                }, $"{rows.Count} rated agents, average {average:0.0}");
                return 0;
            }
            if (parse.GetValue(leaderboard) is { } top) rows = [.. rows.Take(top)];
            await output.ResultAsync(new JsonObject { ["ratings"] = new JsonArray([.. rows.Select(r => (JsonNode)Row(r.Key, r.Value))]) },
                rows.Count == 0 ? [CliOutput.Dim("no ratings yet")] : [.. rows.Select((r, i) => $"{i + 1,3}. {CliOutput.Bold(r.Key)}  {r.Value.Rating}  ({r.Value.Transactions} tx)")]);
            return 0;
        });
        return command;
    }

    private static JsonObject Row(string id, EloRating rating) => new() { ["agent"] = id, ["rating"] = rating.Rating, ["transactions"] = rating.Transactions };

    /// <summary>A JSON array of flat-ish objects as YAML (strings quoted as JSON, which YAML reads).</summary>
    private static string Yaml(JsonArray array)
    {
        var text = new StringBuilder();
        foreach (var item in array.OfType<JsonObject>())
        {
            var first = true;
            foreach (var (key, value) in item)
            {
                text.Append(first ? "- " : "  ").Append(key).Append(": ").Append(value?.ToJsonString() ?? "null").Append('\n');
                first = false;
            }
        }
        return text.ToString();
    }
}
