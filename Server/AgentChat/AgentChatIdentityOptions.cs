namespace AgentPlatform.Server.AgentChat;

/// <summary><c>AgentChat:Identity</c>.</summary>
public sealed class AgentChatIdentityOptions
{
    /// <summary>Null: <see cref="IdentityPolicy.Seed"/> in Development, <see cref="IdentityPolicy.Challenge"/> elsewhere.</summary>
    public IdentityPolicy? Policy { get; set; }

    /// <summary>How long a CHALLENGE may stay unanswered.</summary>
    public TimeSpan ChallengeTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
