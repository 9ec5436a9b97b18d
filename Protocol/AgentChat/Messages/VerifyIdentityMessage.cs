namespace AgentPlatform.Protocol.AgentChat.Messages;

/// <summary><c>VERIFY_IDENTITY {challenge_id, signature, timestamp}</c>, the answer to a CHALLENGE.</summary>
public sealed record VerifyIdentityMessage(string ChallengeId, string Signature, long Timestamp) : AgentChatClientMessage
{
    public override string Type => AgentChatTypes.VerifyIdentity;
}
