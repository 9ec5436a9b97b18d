namespace AgentPlatform.Protocol.AgentChat;

/// <summary>The <c>status</c> of a proposal.</summary>
public static class ProposalStatuses
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Completed = "completed";
    public const string Disputed = "disputed";
    public const string Expired = "expired";
}
