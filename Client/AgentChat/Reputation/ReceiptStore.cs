using System.Text.Json.Nodes;

namespace AgentPlatform.Client.AgentChat.Reputation;

/// <summary>
/// <c>.agentchat/receipts.jsonl</c>: COMPLETE (and DISPUTE) frames where we are a party, each with <c>stored_at</c> (ms).
/// A relayed COMPLETE names only <c>completed_by</c>, so the receipt also carries the <c>proposal</c> (its parties and
/// amount) when this machine saw it; the ratings need both parties.
/// </summary>
public sealed class ReceiptStore(string path)
{
    /// <summary>The reference's file, relative to the working directory.</summary>
    public const string DefaultPath = ".agentchat/receipts.jsonl";

    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>Whether <paramref name="agentId"/> is a party of the receipt (sender, target, completer, or a party of its proposal).</summary>
    public static bool IsParty(JsonObject receipt, string agentId)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var id = AgentIds.Normalize(agentId);
        var proposal = receipt["proposal"] as JsonObject;
        return receipt.Text("from") == id || receipt.Text("to") == id || receipt.Text("completed_by") == id || receipt.Text("disputed_by") == id
            || proposal?.Text("from") == id || proposal?.Text("to") == id;
    }

    /// <summary>Stores a receipt if <paramref name="agentId"/> is a party; returns the stored line, or null when it is not ours.</summary>
    public JsonObject? Store(JsonObject frame, string agentId, JsonObject? proposal, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var receipt = (JsonObject)frame.DeepClone();
        if (receipt["proposal"] is null && proposal is not null) receipt["proposal"] = proposal.DeepClone();
        if (!IsParty(receipt, agentId)) return null;
        receipt["stored_at"] = now.ToUnixTimeMilliseconds();
        JsonLinesFile.Append(Path, receipt);
        return receipt;
    }

    /// <summary>Every stored receipt, oldest first.</summary>
    public IReadOnlyList<JsonObject> ReadAll() => JsonLinesFile.Read(Path);
}
