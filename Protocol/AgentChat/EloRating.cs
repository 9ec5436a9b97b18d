namespace AgentPlatform.Protocol.AgentChat;

/// <summary>One agent's reputation: its rating and how many rated transactions it has.</summary>
public readonly record struct EloRating(int Rating, int Transactions)
{
    /// <summary>A newcomer: 1200, no transactions.</summary>
    public static EloRating Initial => new(AgentChatElo.InitialRating, 0);

    /// <summary>The rating after one transaction that moved it by <paramref name="delta"/>, floored at 100.</summary>
    public EloRating Gain(int delta) => new(Math.Max(AgentChatElo.MinimumRating, Rating + delta), Transactions + 1);
}
