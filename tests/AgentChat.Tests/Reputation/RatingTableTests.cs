using System.Text.Json.Nodes;
using AgentPlatform.AgentChat.Tests.Infrastructure;
using AgentPlatform.Client.AgentChat.Reputation;

namespace AgentPlatform.AgentChat.Tests.Reputation;

/// <summary>
/// ratings.json moved by receipts, against tables computed by hand:
/// E = 1/(1+10^((Ro−Rs)/400)); K 32/24/16 (below 30, below 100, from 100 transactions); Keff = K·min(1+log10(amount+1), 3);
/// completion +max(1, round(Keff(1−E))) each; dispute: the party at fault −max(1, round(Keff·E)), the other +half of it.
/// </summary>
public sealed class RatingTableTests
{
    private const string A = "@aaaaaaaa";
    private const string B = "@bbbbbbbb";
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static RatingStore Store(TempDir dir, (int Rating, int Transactions) a, (int Rating, int Transactions) b)
    {
        var path = dir.Combine("ratings.json");
        File.WriteAllText(path, new JsonObject
        {
            [A] = new JsonObject { ["rating"] = a.Rating, ["transactions"] = a.Transactions, ["updated"] = null },
            [B] = new JsonObject { ["rating"] = b.Rating, ["transactions"] = b.Transactions, ["updated"] = null },
        }.ToJsonString());
        return RatingStore.Load(path);
    }

    private static JsonObject Receipt(string type, double? amount, string? disputedBy = null)
    {
        var proposal = new JsonObject { ["id"] = "prop_1", ["from"] = A, ["to"] = B };
        if (amount is { } value) proposal["amount"] = value;
        var receipt = new JsonObject { ["type"] = type, ["proposal_id"] = "prop_1", ["proposal"] = proposal };
        if (disputedBy is not null) receipt["disputed_by"] = disputedBy;
        return receipt;
    }

    public static TheoryData<int, int, int, int, double?, int, int> Completions => new()
    {
        // Ra, txA, Rb, txB, amount → new Ra, new Rb
        { 1200, 0, 1200, 0, null, 1216, 1216 },   // E .5, K 32: +16 each
        { 1200, 0, 1200, 0, 9, 1232, 1232 },      // Keff 32·(1+log10 10) = 64: +32
        { 1200, 0, 1200, 0, 999, 1248, 1248 },    // 1+log10 1000 = 4, capped at 3: Keff 96: +48
        { 1400, 0, 1200, 0, null, 1408, 1224 },   // E_A = 1/(1+10^-.5) = .7597: 32·.2403 = 7.69 → 8; B: 32·.7597 = 24.31 → 24
        { 1200, 30, 1200, 100, null, 1212, 1208 }, // K 24 and 16: +12 and +8
        { 2000, 150, 1000, 0, null, 2001, 1032 },  // E_A = 1/(1+10^-2.5) = .9968: 16·.0032 = .05 → max(1, 0) = 1; B: 32·.9968 = 31.9 → 32
        { 1200, 29, 1200, 99, 1, 1221, 1216 },    // amount 1: ×(1+log10 2) = ×1.30103; 41.63·.5 = 20.8 → 21; K 24: 31.22·.5 = 15.6 → 16
    };

    [Theory]
    [MemberData(nameof(Completions))]
    public void A_completion_raises_both_parties_as_the_table_says(int ra, int txa, int rb, int txb, double? amount, int expectedA, int expectedB)
    {
        using var dir = new TempDir();
        var store = Store(dir, (ra, txa), (rb, txb));
        var changes = store.Apply(Receipt("COMPLETE", amount), Now);
        Assert.Equal([(A, expectedA), (B, expectedB)], changes.Select(c => (c.AgentId, c.NewRating)));
        Assert.Equal(txa + 1, store.Get(A).Transactions);
        Assert.Equal(txb + 1, store.Get(B).Transactions);
    }

    public static TheoryData<int, int, double?, string?, int, int> Disputes => new()
    {
        // Ra, Rb, amount, disputed_by → new Ra, new Rb (both with no history: K 32)
        { 1200, 1200, null, B, 1184, 1208 },   // A at fault: −round(32·.5) = −16; B +round(16/2) = +8
        { 1200, 1200, null, A, 1208, 1184 },   // B at fault
        { 1200, 1200, null, null, 1184, 1184 }, // nobody named: both −16
        { 1200, 1200, 9, B, 1168, 1216 },      // Keff 64: −32, +16
        { 1400, 1200, null, B, 1376, 1212 },   // E_A .7597: −round(24.31) = −24; B +12
        { 100, 1200, null, B, 100, 1201 },     // E_A ≈ .0018: −max(1, 0) = −1, floored at 100; B +round(.5) = +1 (JS rounds halves up)
    };

    [Theory]
    [MemberData(nameof(Disputes))]
    public void A_dispute_costs_the_party_at_fault_as_the_table_says(int ra, int rb, double? amount, string? disputedBy, int expectedA, int expectedB)
    {
        using var dir = new TempDir();
        var store = Store(dir, (ra, 0), (rb, 0));
        store.Apply(Receipt("DISPUTE", amount, disputedBy), Now);
        Assert.Equal(expectedA, store.Get(A).Rating);
        Assert.Equal(expectedB, store.Get(B).Rating);
    }

    [Fact]
    public void Ratings_json_keeps_the_reference_shape_and_recalculate_replays_the_receipts()
    {
        using var dir = new TempDir();
        var receipts = new ReceiptStore(dir.Combine("receipts.jsonl"));
        Assert.NotNull(receipts.Store(Receipt("COMPLETE", null), A, null, Now));
        Assert.NotNull(receipts.Store(Receipt("COMPLETE", null), A, null, Now));
        Assert.Null(receipts.Store(Receipt("COMPLETE", null), "@cccccccc", null, Now)); // not a party: not stored
        var store = RatingStore.Load(dir.Combine("ratings.json"));
        store.Recalculate(receipts.ReadAll(), Now);
        store.Save();
        // 1200 → 1216 (E .5, +16); then both 1216: E .5 again, +16 → 1232, two transactions each.
        var json = (JsonObject)JsonNode.Parse(File.ReadAllText(dir.Combine("ratings.json")))!;
        Assert.Equal(1232, json[A]!["rating"]!.GetValue<int>());
        Assert.Equal(2, json[B]!["transactions"]!.GetValue<int>());
        Assert.Equal("2026-12-04T12:00:00.000Z", json[B]!["updated"]!.GetValue<string>());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir.Combine("ratings.json")));
    }

    [Fact]
    public void A_receipt_without_its_parties_changes_nothing()
    {
        using var dir = new TempDir();
        var store = RatingStore.Load(dir.Combine("ratings.json"));
        Assert.Empty(store.Apply(new JsonObject { ["type"] = "COMPLETE", ["proposal_id"] = "p", ["completed_by"] = A }, Now));
        Assert.Empty(store.Ratings);
    }
}
