namespace AgentPlatform.Server.AgentChat;

/// <summary>A CHALLENGE sent to one connection and not answered yet: who it would identify, and until when.</summary>
internal sealed record PendingChallenge(string ChallengeId, string Nonce, string Name, string Pubkey, byte[] PublicKey, long ExpiresAt)
{
    public ITimer? Timer { get; set; }
}
