using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.AgentChat;

namespace AgentPlatform.Client.AgentChat;

/// <summary>The proposal verbs (PROPOSAL, ACCEPT, REJECT, COMPLETE, DISPUTE), each signed; they need a persistent identity.</summary>
public sealed partial class AgentChatClient
{
    /// <summary>PROPOSAL to an agent; returns the server's PROPOSAL echo (with its <c>id</c>).</summary>
    public Task<JsonObject> ProposeAsync(string to, string task, double? amount = null, string? currency = null, string? paymentCode = null, string? terms = null, long? expiresSeconds = null, CancellationToken cancellationToken = default)
    {
        var target = AgentIds.Normalize(to);
        var sig = RequireSigner().Sign(AgentChatSigning.Proposal(target, task, Element(amount), Element(currency), Element(paymentCode), expiresSeconds));
        var frame = Frames.Create("PROPOSAL", ("to", target), ("task", task), ("amount", amount), ("currency", currency),
            ("payment_code", paymentCode), ("terms", terms), ("expires", expiresSeconds), ("sig", sig));
        return RequestAsync(frame, f => f.Type() == "PROPOSAL" && f.Text("to") == target && f.Text("from") == AgentId, cancellationToken);
    }

    /// <summary>ACCEPT a proposal sent to us; returns the relayed ACCEPT.</summary>
    public Task<JsonObject> AcceptAsync(string proposalId, string? paymentCode = null, CancellationToken cancellationToken = default) =>
        Reply("ACCEPT", proposalId, AgentChatSigning.Accept(proposalId, paymentCode), ("payment_code", paymentCode), cancellationToken);

    /// <summary>REJECT a proposal sent to us; returns the relayed REJECT.</summary>
    public Task<JsonObject> RejectAsync(string proposalId, string? reason = null, CancellationToken cancellationToken = default) =>
        Reply("REJECT", proposalId, AgentChatSigning.Reject(proposalId, reason), ("reason", reason), cancellationToken);

    /// <summary>COMPLETE an accepted proposal; returns the relayed COMPLETE (the receipt).</summary>
    public Task<JsonObject> CompleteAsync(string proposalId, string? proof = null, CancellationToken cancellationToken = default) =>
        Reply("COMPLETE", proposalId, AgentChatSigning.Complete(proposalId, proof), ("proof", proof), cancellationToken);

    /// <summary>DISPUTE an accepted proposal; returns the relayed DISPUTE.</summary>
    public Task<JsonObject> DisputeAsync(string proposalId, string reason, CancellationToken cancellationToken = default) =>
        Reply("DISPUTE", proposalId, AgentChatSigning.Dispute(proposalId, reason), ("reason", reason), cancellationToken);

    private Task<JsonObject> Reply(string type, string proposalId, string signed, (string, JsonNode?) field, CancellationToken cancellationToken)
    {
        var frame = Frames.Create(type, ("proposal_id", proposalId), field, ("sig", RequireSigner().Sign(signed)));
        return RequestAsync(frame, f => f.Type() == type && f.Text("proposal_id") == proposalId, cancellationToken);
    }

    /// <summary>A field as the JSON value the server will parse (the signing text formats it as JavaScript would).</summary>
    private static JsonElement? Element<T>(T? value) => value is null ? null : JsonSerializer.SerializeToElement(value);

    private AgentChatIdentity RequireSigner() =>
        _options.Identity is { CanSign: true } identity
            ? identity
            : throw new AgentChatException("SIGNATURE_REQUIRED", "proposals need a persistent identity with its private key (agentchat identity --generate)");
}
