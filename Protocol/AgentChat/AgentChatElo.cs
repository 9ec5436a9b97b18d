namespace AgentPlatform.Protocol.AgentChat;

/// <summary>
/// The reputation arithmetic of the issue (and 0.7.0's <c>reputation.js</c>): ratings start at 1200 with a floor of
/// 100; K is 32, 24 or 16 below 30, below 100 and from 100 transactions; the stake scales K by up to 3.
/// </summary>
public static class AgentChatElo
{
    public const int InitialRating = 1200;
    public const int MinimumRating = 100;

    /// <summary>K by the rated agent's transaction count.</summary>
    public static int KFactor(int transactions) => transactions < 30 ? 32 : transactions < 100 ? 24 : 16;

    /// <summary>K·min(1 + log10(amount + 1), 3); no amount (or a non-positive one) leaves K as it is.</summary>
    public static double EffectiveK(int k, double? amount) =>
        amount is { } a && a > 0 && double.IsFinite(a) ? k * Math.Min(1 + Math.Log10(a + 1), 3) : k;

    /// <summary>E = 1 / (1 + 10^((opponent − self) / 400)).</summary>
    public static double Expected(double self, double opponent) => 1 / (1 + Math.Pow(10, (opponent - self) / 400));

    /// <summary>What one side gains on completion: max(1, round(Keff·(1 − E))).</summary>
    public static int CompletionGain(double self, double opponent, int transactions, double? amount) =>
        Math.Max(1, RoundJs(EffectiveK(KFactor(transactions), amount) * (1 - Expected(self, opponent))));

    /// <summary>What the party at fault loses on a dispute: max(1, round(Keff·E)).</summary>
    public static int DisputeLoss(double self, double opponent, int transactions, double? amount) =>
        Math.Max(1, RoundJs(EffectiveK(KFactor(transactions), amount) * Expected(self, opponent)));

    /// <summary>A completed transaction: both sides gain, each against the other's rating before the update.</summary>
    public static (EloRating A, EloRating B) Complete(EloRating a, EloRating b, double? amount) =>
        (a.Gain(CompletionGain(a.Rating, b.Rating, a.Transactions, amount)), b.Gain(CompletionGain(b.Rating, a.Rating, b.Transactions, amount)));

    /// <summary>
    /// A dispute: the party at fault loses, and the other gains half that (rounded); with no party named at fault,
    /// both lose. Ratings never go below <see cref="MinimumRating"/>.
    /// </summary>
    public static (EloRating A, EloRating B) Dispute(EloRating a, EloRating b, double? amount, bool? aAtFault)
    {
        var lossA = DisputeLoss(a.Rating, b.Rating, a.Transactions, amount);
        var lossB = DisputeLoss(b.Rating, a.Rating, b.Transactions, amount);
        return aAtFault switch
        {
            true => (a.Gain(-lossA), b.Gain(RoundJs(lossA / 2.0))),
            false => (a.Gain(RoundJs(lossB / 2.0)), b.Gain(-lossB)),
            null => (a.Gain(-lossA), b.Gain(-lossB)),
        };
    }

    /// <summary>JavaScript's <c>Math.round</c>: halves go up (towards +∞), unlike banker's rounding.</summary>
    public static int RoundJs(double x) => (int)Math.Floor(x + 0.5);
}
