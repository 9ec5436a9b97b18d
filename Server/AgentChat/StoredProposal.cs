using AgentPlatform.Protocol.AgentChat;

namespace AgentPlatform.Server.AgentChat;

/// <summary>A proposal and where it stands (mutable, under the engine's lock).</summary>
internal sealed class StoredProposal(ProposalRecord record, byte[] fromKey, byte[] toKey)
{
    public ProposalRecord Record { get; } = record;

    /// <summary>The raw public key the proposer acted with: an id is only 32 bits, the key is what a party is.</summary>
    public byte[] FromKey { get; } = fromKey;

    /// <summary>The raw public key of the recipient when the proposal was made.</summary>
    public byte[] ToKey { get; } = toKey;

    public string Status { get; set; } = record.Status;

    public long UpdatedAt { get; set; } = record.CreatedAt;

    public bool Finished => Status is ProposalStatuses.Rejected or ProposalStatuses.Completed or ProposalStatuses.Disputed or ProposalStatuses.Expired;
}
