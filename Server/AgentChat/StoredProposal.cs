using AgentPlatform.Protocol.AgentChat;

namespace AgentPlatform.Server.AgentChat;

/// <summary>A proposal and where it stands (mutable, under the engine's lock).</summary>
internal sealed class StoredProposal(ProposalRecord record)
{
    public ProposalRecord Record { get; } = record;

    public string Status { get; set; } = record.Status;

    public long UpdatedAt { get; set; } = record.CreatedAt;

    public bool Finished => Status is ProposalStatuses.Rejected or ProposalStatuses.Completed or ProposalStatuses.Disputed or ProposalStatuses.Expired;
}
