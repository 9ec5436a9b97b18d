namespace AgentPlatform.Client.AgentChat.Reputation;

/// <summary>How one receipt moved one agent's rating.</summary>
public sealed record RatingChange(string AgentId, int OldRating, int NewRating, int Transactions)
{
    /// <summary>New minus old (the floor of 100 can make it smaller than the arithmetic's delta).</summary>
    public int Change => NewRating - OldRating;
}
