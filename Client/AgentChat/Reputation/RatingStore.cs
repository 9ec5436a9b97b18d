using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.AgentChat;

namespace AgentPlatform.Client.AgentChat.Reputation;

/// <summary>
/// <c>.agentchat/ratings.json</c>: <c>{"@id": {rating, transactions, updated}}</c>, the reference's shape, updated from
/// receipts with the ELO arithmetic of Protocol/AgentChat (<see cref="AgentChatElo"/>).
/// </summary>
public sealed class RatingStore
{
    /// <summary>The reference's file, relative to the working directory.</summary>
    public const string DefaultPath = ".agentchat/ratings.json";

    private readonly SortedDictionary<string, (EloRating Rating, string? Updated)> _ratings = new(StringComparer.Ordinal);

    private RatingStore(string path) => Path = path;

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Every rated agent, by id.</summary>
    public IReadOnlyDictionary<string, EloRating> Ratings => _ratings.ToDictionary(r => r.Key, r => r.Value.Rating, StringComparer.Ordinal);

    /// <summary>Reads the file (an absent file is an empty store).</summary>
    public static RatingStore Load(string path)
    {
        var store = new RatingStore(path);
        if (!File.Exists(path)) return store;
        if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject root) return store;
        foreach (var (id, node) in root)
        {
            if (node is not JsonObject record) continue;
            store._ratings[id] = (new EloRating((int)(record.Number("rating") ?? AgentChatElo.InitialRating), (int)(record.Number("transactions") ?? 0)), record.Text("updated"));
        }
        return store;
    }

    /// <summary>An agent's rating; a newcomer's is 1200 with no transactions.</summary>
    public EloRating Get(string agentId) => _ratings.TryGetValue(AgentIds.Normalize(agentId), out var r) ? r.Rating : EloRating.Initial;

    /// <summary>Applies one receipt: a completion raises both parties, a dispute lowers the party at fault (see <see cref="AgentChatElo.Dispute"/>). Returns the changes, none when the receipt lacks its parties.</summary>
    public IReadOnlyList<RatingChange> Apply(JsonObject receipt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var proposal = receipt["proposal"] as JsonObject;
        var partyA = proposal?.Text("from") ?? receipt.Text("from");
        var partyB = proposal?.Text("to") ?? receipt.Text("to");
        if (partyA is null || partyB is null || partyA == partyB) return [];
        var amount = proposal?.Number("amount") ?? receipt.Number("amount");
        var before = (A: Get(partyA), B: Get(partyB));
        var kind = receipt.Type() ?? receipt.Text("status")?.ToUpperInvariant();
        var disputedBy = receipt.Text("disputed_by");
        // The party who disputes is taken as wronged: the other one is at fault (the reference's rule).
        bool? aAtFault = disputedBy is null ? null : disputedBy != partyA;
        (EloRating A, EloRating B)? outcome = kind switch
        {
            "COMPLETE" or "COMPLETED" => AgentChatElo.Complete(before.A, before.B, amount),
            "DISPUTE" or "DISPUTED" => AgentChatElo.Dispute(before.A, before.B, amount, aAtFault),
            _ => null,
        };
        if (outcome is not { } after) return [];
        var updated = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        _ratings[AgentIds.Normalize(partyA)] = (after.A, updated);
        _ratings[AgentIds.Normalize(partyB)] = (after.B, updated);
        return [new(partyA, before.A.Rating, after.A.Rating, after.A.Transactions), new(partyB, before.B.Rating, after.B.Rating, after.B.Transactions)];
    }

    /// <summary>Forgets every rating and replays the receipts in order (<c>ratings --recalculate</c>).</summary>
    public void Recalculate(IEnumerable<JsonObject> receipts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        _ratings.Clear();
        foreach (var receipt in receipts) Apply(receipt, now);
    }

    /// <summary>The file's JSON.</summary>
    public JsonObject ToJson()
    {
        var root = new JsonObject();
        foreach (var (id, (rating, updated)) in _ratings)
        {
            root[id] = new JsonObject { ["rating"] = rating.Rating, ["transactions"] = rating.Transactions, ["updated"] = updated };
        }
        return root;
    }

    /// <summary>Writes the file (mode 0600), through a temporary file so a crash never leaves half of it.</summary>
    public void Save()
    {
        var full = System.IO.Path.GetFullPath(Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 2 })));
        }
        File.Move(temporary, full, overwrite: true);
    }
}
