using System.CommandLine;
using System.Text.Json.Nodes;
using AgentPlatform.AgentChat.Output;
using AgentPlatform.Client.AgentChat;
using AgentPlatform.Client.AgentChat.Reputation;

namespace AgentPlatform.AgentChat.Commands;

/// <summary>
/// propose, accept, reject, complete, dispute: each signed with the identity (default <c>.agentchat/identity.json</c>).
/// A COMPLETE or DISPUTE we take part in is stored as a receipt and moves the ratings, as the daemon does.
/// </summary>
public static class ProposalCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Propose();
        yield return Reply("accept", "Accept a proposal sent to you", new Option<string?>("--payment-code", "-p") { Description = "your payment code" },
            (c, id, v, ct) => c.AcceptAsync(id, v, ct));
        yield return Reply("reject", "Reject a proposal sent to you", new Option<string?>("--reason", "-r") { Description = "why" },
            (c, id, v, ct) => c.RejectAsync(id, v, ct));
        yield return Reply("complete", "Mark an accepted proposal complete", new Option<string?>("--proof", "-p") { Description = "proof of completion (tx hash, URL…)" },
            (c, id, v, ct) => c.CompleteAsync(id, v, ct));
        yield return Dispute();
    }

    private static Command Propose()
    {
        var args = new Argument<string[]>("args") { Description = "[server] <agent> <task…>", Arity = new ArgumentArity(2, 66) };
        var amount = new Option<double?>("--amount", "-a") { Description = "payment amount" };
        var currency = new Option<string?>("--currency", "-c") { Description = "currency (SOL, USDC, AKT…)" };
        var paymentCode = new Option<string?>("--payment-code", "-p") { Description = "your payment code" };
        var expires = new Option<long>("--expires", "-e") { Description = "seconds until it expires", DefaultValueFactory = _ => 300 };
        var terms = new Option<string?>("--terms", "-t") { Description = "additional terms" };
        var common = new CommonOptions();
        var command = new Command("propose", "Send a signed work proposal to an agent") { args, amount, currency, paymentCode, expires, terms };
        common.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var output = ClientSession.Output(parse, common);
            return ClientSession.RunAsync(output, async () =>
            {
                var (server, rest) = ServerAddress.Split(parse.GetValue(args));
                if (rest.Length < 2) return await output.FailAsync("USAGE", "propose [server] <agent> <task>", 2);
                var identity = ClientSession.LoadIdentity(parse, common, Path.Combine(parse.GetValue(common.StateDir)!, "identity.json"));
                await using var client = await ClientSession.ConnectAsync(parse, common, server, identity, ct);
                var proposal = await client.ProposeAsync(rest[0], string.Join(' ', rest.Skip(1)), parse.GetValue(amount), parse.GetValue(currency),
                    parse.GetValue(paymentCode), parse.GetValue(terms), parse.GetValue(expires), ct);
                new ProposalBook(Path.Combine(parse.GetValue(common.StateDir)!, "proposals.jsonl")).Record(proposal);
                await output.ResultAsync(proposal, $"{ClientCommands.OutputMark()} proposal {CliOutput.Bold(proposal.Text("id") ?? "?")} sent to {proposal.Text("to")}");
                return 0;
            });
        });
        return command;
    }

    private static Command Reply(string name, string description, Option<string?> extra, Func<AgentChatClient, string, string?, CancellationToken, Task<JsonObject>> send)
    {
        var args = new Argument<string[]>("args") { Description = "[server] <proposal_id>", Arity = new ArgumentArity(1, 2) };
        var common = new CommonOptions();
        var command = new Command(name, description) { args, extra };
        common.AddTo(command);
        command.SetAction((parse, ct) => RunReplyAsync(parse, common, args, (c, id) => send(c, id, parse.GetValue(extra), ct), ct));
        return command;
    }

    private static Command Dispute()
    {
        var args = new Argument<string[]>("args") { Description = "[server] <proposal_id> <reason…>", Arity = new ArgumentArity(2, 67) };
        var common = new CommonOptions();
        var command = new Command("dispute", "Dispute an accepted proposal") { args };
        common.AddTo(command);
        command.SetAction((parse, ct) => RunReplyAsync(parse, common, args, (c, id) =>
        {
            var (_, rest) = ServerAddress.Split(parse.GetValue(args));
            return c.DisputeAsync(id, string.Join(' ', rest.Skip(1)), ct);
        }, ct));
        return command;
    }

    private static Task<int> RunReplyAsync(ParseResult parse, CommonOptions common, Argument<string[]> args, Func<AgentChatClient, string, Task<JsonObject>> send, CancellationToken ct)
    {
        var output = ClientSession.Output(parse, common);
        return ClientSession.RunAsync(output, async () =>
        {
            var (server, rest) = ServerAddress.Split(parse.GetValue(args));
            if (rest.Length < 1) return await output.FailAsync("USAGE", "<proposal_id> is required", 2);
            var identity = ClientSession.LoadIdentity(parse, common, Path.Combine(parse.GetValue(common.StateDir)!, "identity.json"));
            await using var client = await ClientSession.ConnectAsync(parse, common, server, identity, ct);
            var answer = await send(client, rest[0]);
            var result = (JsonObject)answer.DeepClone();
            if (answer.Type() is "COMPLETE" or "DISPUTE" && StoreReceipt(answer, client, parse.GetValue(common.StateDir)!) is { } changes) result["rating_changes"] = changes;
            await output.ResultAsync(result, $"{ClientCommands.OutputMark()} {answer.Type()?.ToLowerInvariant()} {rest[0]}: {answer.Text("status")}");
            return 0;
        });
    }

    /// <summary>Stores the receipt (with the proposal if this machine saw it) and applies it to the ratings.</summary>
    private static JsonArray? StoreReceipt(JsonObject frame, AgentChatClient client, string stateDir)
    {
        var id = frame.Text("proposal_id") ?? "";
        var proposal = client.KnownProposal(id) ?? new ProposalBook(Path.Combine(stateDir, "proposals.jsonl")).Find(id);
        var receipt = new ReceiptStore(Path.Combine(stateDir, "receipts.jsonl")).Store(frame, client.AgentId, proposal, DateTimeOffset.UtcNow);
        if (receipt is null) return null;
        var ratings = RatingStore.Load(Path.Combine(stateDir, "ratings.json"));
        var changes = ratings.Apply(receipt, DateTimeOffset.UtcNow);
        ratings.Save();
        return [.. changes.Select(c => (JsonNode)new JsonObject { ["agent"] = c.AgentId, ["old"] = c.OldRating, ["new"] = c.NewRating, ["change"] = c.Change })];
    }
}
