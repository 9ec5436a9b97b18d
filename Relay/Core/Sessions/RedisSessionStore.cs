using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using AgentPlatform.Server.Delivery;
using AgentPlatform.Server.Transport;
using StackExchange.Redis;

namespace AgentPlatform.Relay.Core.Sessions;

/// <summary>
/// Reliable sessions in Redis, so that any replica can resume them: per session a hash (hub, dialect, user, roles,
/// sequence numbers, the resume token's hash, the owner epoch), a sorted set of the unacknowledged frames (score =
/// sequence number) and a set of groups. Owners write through <see cref="RedisSessionJournal"/> (batched, one script
/// call in flight per session); the records of sessions this replica owns are kept alive by a periodic touch.
/// </summary>
public sealed partial class RedisSessionStore : ISessionStore, IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly string _replica;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<RedisSessionJournal, byte> _owned = new();
    private readonly ITimer _keepAlive;

    public RedisSessionStore(IConnectionMultiplexer redis, RelayCoreOptions options, TimeProvider time, ILogger<RedisSessionStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _redis = redis;
        _logger = logger;
        _replica = Environment.MachineName + ":" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        // A suspended session must outlive its resume window; a connected one is touched well within this.
        Ttl = TimeSpan.FromTicks(Math.Max(options.ResumeWindow.Ticks * 2, TimeSpan.FromMinutes(2).Ticks));
        _keepAlive = time.CreateTimer(static s => ((RedisSessionStore)s!).TouchAll(), this, Ttl / 4, Ttl / 4);
    }

    /// <summary>How long a record lives without a write from its owner.</summary>
    public TimeSpan Ttl { get; }

    public bool IsShared => true;

    internal IDatabase Database => _redis.GetDatabase();

    internal ILogger Logger => _logger;

    internal long TtlMilliseconds => (long)Ttl.TotalMilliseconds;

    public (ISessionJournal Journal, Task Created) Create(SessionRecord record, string tokenHash, Func<long> inbound, Action fenced)
    {
        ArgumentNullException.ThrowIfNull(record);
        var journal = new RedisSessionJournal(this, record.ConnectionId, 1, inbound, fenced);
        RedisValue[] args =
        [
            TtlMilliseconds, "hub", record.Hub, "dialect", record.Dialect, "session", record.SessionId, "user", record.UserId ?? "",
            "roles", string.Join('\n', record.Roles), "token", tokenHash, "epoch", 1, "owner", _replica, "last", 0, "acked", 0, "inbound", 0,
        ];
        var created = Database.ScriptEvaluateAsync(SessionScripts.Create, Keys(record.ConnectionId), args);
        _owned[journal] = 0;
        return (journal, created);
    }

    public async Task<(ResumeOutcome Outcome, SessionTakeover? Takeover)> TakeOverAsync(string connectionId, string hub, string dialect,
        string tokenHash, string newTokenHash, long lastReceived, string? userId, CancellationToken cancellationToken)
    {
        var result = await Database.ScriptEvaluateAsync(SessionScripts.TakeOver, Keys(connectionId),
            [tokenHash, newTokenHash, hub, dialect, lastReceived, _replica, TtlMilliseconds, userId ?? ""]).WaitAsync(cancellationToken).ConfigureAwait(false);
        var parts = (RedisResult[])result!;
        switch ((int)parts[0])
        {
            case 1: return (ResumeOutcome.AheadOfSender, null);
            case 2: return (ResumeOutcome.BehindBuffer, null);
            case 4: return (ResumeOutcome.OtherUser, null);
            case 3: break;
            default: return (ResumeOutcome.Closed, null);
        }
        var user = (string?)parts[5];
        var roles = (string?)parts[6] ?? "";
        var record = new SessionRecord(connectionId, hub, dialect, (string?)parts[4] ?? connectionId, string.IsNullOrEmpty(user) ? null : user,
            roles.Length == 0 ? [] : roles.Split('\n'));
        var frames = new List<SequencedFrame>();
        foreach (var member in (RedisResult[])parts[7]!)
        {
            if (TryDecode((byte[])member!, out var frame)) frames.Add(frame);
        }
        var groups = ((RedisResult[])parts[8]!).Select(g => (string)g!).ToArray();
        return (ResumeOutcome.Resumed, new SessionTakeover(record, (long)parts[1], (long)parts[2], (long)parts[3], frames, groups));
    }

    public Task RecordInboundAsync(string connectionId, long epoch, long inbound) =>
        Database.ScriptEvaluateAsync(SessionScripts.Inbound, Keys(connectionId), [epoch, inbound]);

    public async Task<long> ReadInboundAsync(string connectionId) =>
        (long?)await Database.HashGetAsync(Keys(connectionId)[0], "inbound").ConfigureAwait(false) ?? 0;

    public ISessionJournal Adopt(SessionRecord record, long epoch, Func<long> inbound, Action fenced)
    {
        ArgumentNullException.ThrowIfNull(record);
        var journal = new RedisSessionJournal(this, record.ConnectionId, epoch, inbound, fenced);
        _owned[journal] = 0;
        return journal;
    }

    internal void Forget(RedisSessionJournal journal) => _owned.TryRemove(journal, out _);

    private void TouchAll()
    {
        foreach (var journal in _owned.Keys) journal.Touch();
    }

    internal static RedisKey[] Keys(string connectionId) =>
        ["relay:session:{" + connectionId + "}", "relay:session:{" + connectionId + "}:frames", "relay:session:{" + connectionId + "}:groups"];

    /// <summary>A frame as stored: 8 bytes of sequence number (big-endian, so members are unique), 1 byte of frame type, the payload.</summary>
    internal static byte[] Encode(SequencedFrame frame)
    {
        var bytes = new byte[9 + frame.Frame.Payload.Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, frame.Sequence);
        bytes[8] = (byte)frame.Frame.Type;
        frame.Frame.Payload.Span.CopyTo(bytes.AsSpan(9));
        return bytes;
    }

    internal static bool TryDecode(byte[]? bytes, out SequencedFrame frame)
    {
        frame = default;
        if (bytes is null || bytes.Length < 9 || bytes[8] > 1) return false;
        frame = new SequencedFrame(BinaryPrimitives.ReadInt64BigEndian(bytes), new OutboundFrame(bytes.AsMemory(9), (FrameType)bytes[8]));
        return true;
    }

    public void Dispose() => _keepAlive.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing reliable session state to Redis failed; retrying")]
    internal static partial void LogWriteFailed(ILogger logger, Exception ex);
}
