using AgentPlatform.Protocol.AgentChat;

namespace AgentPlatform.Protocol.UnitTests.AgentChat;

/// <summary>The ELO arithmetic against tables computed by hand (values to 4 decimals in the comments).</summary>
public sealed class EloTests
{
    [Theory]
    [InlineData(0, 32)]
    [InlineData(29, 32)]
    [InlineData(30, 24)]
    [InlineData(99, 24)]
    [InlineData(100, 16)]
    [InlineData(5000, 16)]
    public void K_by_transactions(int transactions, int k) => Assert.Equal(k, AgentChatElo.KFactor(transactions));

    [Theory]
    [InlineData(32, null, 32)]
    [InlineData(32, 0d, 32)]
    [InlineData(32, -5d, 32)]
    [InlineData(32, 9d, 64)]            // 1 + log10(10) = 2
    [InlineData(24, 99d, 72)]           // 1 + log10(100) = 3
    [InlineData(16, 1_000_000d, 48)]    // capped at 3
    public void Effective_K(int k, double? amount, double expected) => Assert.Equal(expected, AgentChatElo.EffectiveK(k, amount), 9);

    [Theory]
    [InlineData(1200, 1200, 0.5)]
    [InlineData(1400, 1200, 0.7597469266)]  // 1 / (1 + 10^(-0.5))
    [InlineData(1200, 1400, 0.2402530734)]
    [InlineData(1600, 1200, 0.9090909091)]  // 1 / (1 + 10^(-1))
    public void Expected_score(double self, double opponent, double expected) => Assert.Equal(expected, AgentChatElo.Expected(self, opponent), 9);

    [Theory]
    // self, opponent, transactions, amount → gain
    [InlineData(1200, 1200, 0, null, 16)]      // 32 × 0.5
    [InlineData(1200, 1200, 0, 9d, 32)]        // 64 × 0.5
    [InlineData(1200, 1200, 0, 100d, 48)]      // 96 × 0.5 (multiplier capped: 1 + log10(101) = 3.0043)
    [InlineData(1400, 1200, 0, null, 8)]       // 32 × 0.2403 = 7.688
    [InlineData(1200, 1400, 0, null, 24)]      // 32 × 0.7597 = 24.312
    [InlineData(1200, 1200, 50, null, 12)]     // 24 × 0.5
    [InlineData(2400, 100, 100, null, 1)]      // 16 × 0.0000018 rounds to 0: at least 1
    public void Completion_gain(double self, double opponent, int transactions, double? amount, int gain) =>
        Assert.Equal(gain, AgentChatElo.CompletionGain(self, opponent, transactions, amount));

    [Theory]
    [InlineData(1200, 1200, 0, null, 16)]      // 32 × 0.5
    [InlineData(1400, 1200, 0, null, 24)]      // 32 × 0.7597 = 24.312
    [InlineData(1200, 1400, 0, null, 8)]       // 32 × 0.2403 = 7.688
    [InlineData(100, 2400, 0, null, 1)]        // 32 × 0.0000018: at least 1
    public void Dispute_loss(double self, double opponent, int transactions, double? amount, int loss) =>
        Assert.Equal(loss, AgentChatElo.DisputeLoss(self, opponent, transactions, amount));

    [Fact]
    public void A_completion_moves_both_sides_from_the_ratings_before_it()
    {
        var (a, b) = AgentChatElo.Complete(new EloRating(1400, 0), new EloRating(1200, 0), null);
        Assert.Equal(new EloRating(1408, 1), a);
        Assert.Equal(new EloRating(1224, 1), b);
        var (c, d) = AgentChatElo.Complete(EloRating.Initial, EloRating.Initial, 9);
        Assert.Equal(new EloRating(1232, 1), c);
        Assert.Equal(new EloRating(1232, 1), d);
    }

    [Fact]
    public void A_dispute_costs_the_party_at_fault_and_pays_the_other_half()
    {
        Assert.Equal((new EloRating(1184, 1), new EloRating(1208, 1)), AgentChatElo.Dispute(EloRating.Initial, EloRating.Initial, null, aAtFault: true));
        Assert.Equal((new EloRating(1208, 1), new EloRating(1184, 1)), AgentChatElo.Dispute(EloRating.Initial, EloRating.Initial, null, aAtFault: false));
        Assert.Equal((new EloRating(1184, 1), new EloRating(1184, 1)), AgentChatElo.Dispute(EloRating.Initial, EloRating.Initial, null, aAtFault: null));
        // 1400 at fault against 1200: loses round(24.312) = 24, the other gains round(12) = 12.
        Assert.Equal((new EloRating(1376, 1), new EloRating(1212, 1)), AgentChatElo.Dispute(new EloRating(1400, 0), new EloRating(1200, 0), null, aAtFault: true));
        // With a stake: 1200 vs 1200, amount 9 → Keff 64, loss 32, half 16.
        Assert.Equal((new EloRating(1168, 1), new EloRating(1216, 1)), AgentChatElo.Dispute(EloRating.Initial, EloRating.Initial, 9, aAtFault: true));
    }

    [Fact]
    public void Ratings_never_fall_below_100()
    {
        var (a, _) = AgentChatElo.Dispute(new EloRating(110, 3), new EloRating(110, 3), null, aAtFault: true);
        Assert.Equal(new EloRating(100, 4), a);
    }

    [Theory]
    [InlineData(2.5, 3)]
    [InlineData(-2.5, -2)]
    [InlineData(7.4999, 7)]
    [InlineData(0.5, 1)]
    public void Rounding_is_JavaScripts(double x, int expected) => Assert.Equal(expected, AgentChatElo.RoundJs(x));
}
