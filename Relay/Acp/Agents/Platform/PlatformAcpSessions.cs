using System.Collections.Concurrent;

namespace AgentPlatform.Relay.Acp.Agents.Platform;

/// <summary>
/// The ACP sessions of the platform agents on this Relay, in memory: a session outlives the connection that created it
/// so that another connection can session/load it (the conversation itself is in the context store). A session nobody
/// owns and nobody used for <see cref="IdleExpiry"/> (1 hour) is forgotten; a swept session's id answers -32002.
/// </summary>
public sealed class PlatformAcpSessions : IDisposable
{
    /// <summary>How long an unowned, unused session is kept.</summary>
    public static readonly TimeSpan IdleExpiry = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, PlatformAcpSession> _sessions = new(StringComparer.Ordinal);
    private readonly ITimer _sweeper;
    private long _requestCounter;

    public PlatformAcpSessions(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Time = time;
        _sweeper = time.CreateTimer(static s => ((PlatformAcpSessions)s!).Sweep(), this, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    public TimeProvider Time { get; }

    /// <summary>Sessions kept (owned or not).</summary>
    public int Count => _sessions.Count;

    internal PlatformAcpSession Create(string agent, string? userId)
    {
        var session = new PlatformAcpSession(Guid.NewGuid().ToString(), agent, userId, Time.GetUtcNow());
        _sessions[session.Id] = session;
        return session;
    }

    /// <summary>The session <paramref name="id"/> of <paramref name="agent"/> that <paramref name="userId"/> may use, or null.</summary>
    internal PlatformAcpSession? Find(string id, string agent, string? userId) =>
        _sessions.TryGetValue(id, out var s) && s.Agent == agent && s.UserId == userId && !Expired(s, Time.GetUtcNow()) ? s : null;

    /// <summary>A JSON-RPC id for a request the Relay sends a client, unique on every connection.</summary>
    internal string NextRequestId() => "agentplatform-" + Interlocked.Increment(ref _requestCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Forgets sessions idle past <see cref="IdleExpiry"/> that no attachment owns and no prompt runs in.</summary>
    public void Sweep()
    {
        var now = Time.GetUtcNow();
        foreach (var (id, session) in _sessions)
        {
            if (Expired(session, now)) _sessions.TryRemove(new KeyValuePair<string, PlatformAcpSession>(id, session));
        }
    }

    public void Dispose() => _sweeper.Dispose();

    private static bool Expired(PlatformAcpSession s, DateTimeOffset now) =>
        s.Owner is null && s.Running is null && now - s.LastActive > IdleExpiry;
}
