using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace AgentPlatform.Relay.Acp.Agents.Platform;

/// <summary>
/// One ACP session of a platform agent, kept by <see cref="PlatformAcpSessions"/> across attachments: who owns it now,
/// the prompt running in it, the permission requests it waits on, and the recent updates that session/load replays.
/// The agent's own state lives in the context store under the session id, not here.
/// </summary>
internal sealed class PlatformAcpSession(string id, string agent, string? userId, DateTimeOffset now)
{
    /// <summary>session/load replays at most this many updates (the newest).</summary>
    public const int MaxHistory = 1000;

    private readonly Lock _gate = new();
    private readonly Queue<JsonObject> _history = new();
    private PlatformAcpAttachment? _owner;
    private PlatformPrompt? _running;
    private DateTimeOffset _lastActive = now;

    public string Id { get; } = id;

    public string Agent { get; } = agent;

    /// <summary>The user of the connection that created it: only that user may load it.</summary>
    public string? UserId { get; } = userId;

    /// <summary>Permission requests sent to the owner, by the JSON-RPC id key of the request.</summary>
    public ConcurrentDictionary<string, PendingPermission> Permissions { get; } = new(StringComparer.Ordinal);

    public PlatformAcpAttachment? Owner
    {
        get
        {
            lock (_gate) return _owner;
        }
    }

    public PlatformPrompt? Running
    {
        get
        {
            lock (_gate) return _running;
        }
    }

    public DateTimeOffset LastActive
    {
        get
        {
            lock (_gate) return _lastActive;
        }
    }

    public void Touch(DateTimeOffset now)
    {
        lock (_gate) _lastActive = now;
    }

    /// <summary>Makes <paramref name="owner"/> the owner; returns the one before (null when nobody owned it).</summary>
    public PlatformAcpAttachment? SetOwner(PlatformAcpAttachment owner)
    {
        lock (_gate)
        {
            var previous = _owner;
            _owner = owner;
            return previous;
        }
    }

    /// <summary>The attachment went away: the session stays for a later session/load.</summary>
    public void Release(PlatformAcpAttachment owner)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_owner, owner)) _owner = null;
        }
    }

    /// <summary>Makes <paramref name="prompt"/> the running one; false when another runs (one prompt at a time).</summary>
    public bool TryStart(PlatformPrompt prompt)
    {
        lock (_gate)
        {
            if (_running is not null) return false;
            _running = prompt;
            return true;
        }
    }

    public void Finish(PlatformPrompt prompt)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_running, prompt)) _running = null;
        }
    }

    /// <summary>Keeps one update (the <c>update</c> object of a session/update) for replay; the oldest go beyond <see cref="MaxHistory"/>.</summary>
    public void Record(JsonObject update)
    {
        lock (_gate)
        {
            _history.Enqueue(update);
            while (_history.Count > MaxHistory) _history.Dequeue();
        }
    }

    public IReadOnlyList<JsonObject> History()
    {
        lock (_gate) return [.. _history];
    }
}
