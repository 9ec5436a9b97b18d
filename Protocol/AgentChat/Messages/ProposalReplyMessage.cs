namespace AgentPlatform.Protocol.AgentChat.Messages;

/// <summary>
/// <c>ACCEPT {proposal_id, payment_code?, sig}</c>, <c>REJECT {proposal_id, reason?, sig}</c>, <c>COMPLETE {proposal_id,
/// proof?, sig}</c> or <c>DISPUTE {proposal_id, reason, sig}</c>: <see cref="Text"/> is the verb's one free field
/// (payment_code, reason, proof, reason).
/// </summary>
public sealed record ProposalReplyMessage(string Verb, string ProposalId, string? Text, string Sig) : AgentChatClientMessage
{
    public override string Type => Verb;

    /// <summary>The string the sender signed.</summary>
    public string SigningContent => Verb switch
    {
        AgentChatTypes.Accept => AgentChatSigning.Accept(ProposalId, Text),
        AgentChatTypes.Reject => AgentChatSigning.Reject(ProposalId, Text),
        AgentChatTypes.Complete => AgentChatSigning.Complete(ProposalId, Text),
        _ => AgentChatSigning.Dispute(ProposalId, Text ?? ""),
    };
}
