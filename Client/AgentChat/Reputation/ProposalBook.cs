using System.Text.Json.Nodes;

namespace AgentPlatform.Client.AgentChat.Reputation;

/// <summary>
/// <c>.agentchat/proposals.jsonl</c>: the PROPOSAL frames this machine has seen (sent or received), so that a
/// COMPLETE arriving on another connection (a later <c>agentchat complete</c>) still knows the parties and the amount.
/// </summary>
public sealed class ProposalBook(string path)
{
    /// <summary>Next to the receipts.</summary>
    public const string DefaultPath = ".agentchat/proposals.jsonl";

    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>Records a PROPOSAL frame (one with an <c>id</c>).</summary>
    public void Record(JsonObject proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        if (proposal.Text("id") is null) return;
        JsonLinesFile.Append(Path, proposal);
    }

    /// <summary>The latest PROPOSAL frame recorded with this id.</summary>
    public JsonObject? Find(string proposalId) => JsonLinesFile.Read(Path).LastOrDefault(p => p.Text("id") == proposalId);
}
