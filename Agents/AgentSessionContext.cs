using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Agents;

/// <summary>
/// The session's rehydrated state for one invocation. Agents change it only through <see cref="Update"/>:
/// the change is applied at once and also recorded, so that when the save meets a concurrent writer the
/// runtime can reload the newer state and re-apply the same changes on top of it instead of losing either.
/// </summary>
public sealed class AgentSessionContext
{
    private readonly List<Func<MsgPackValue?, MsgPackValue?>> _changes = [];

    public AgentSessionContext(MsgPackValue? state, long version)
    {
        State = state;
        Version = version;
    }

    /// <summary>The state as loaded, with this invocation's updates applied; null when the session is new.</summary>
    public MsgPackValue? State { get; private set; }

    /// <summary>The stored version the state was loaded at (0 = new session).</summary>
    public long Version { get; }

    /// <summary>True once <see cref="Update"/> was called.</summary>
    public bool HasChanges => _changes.Count > 0;

    /// <summary>The recorded changes, in order.</summary>
    public IReadOnlyList<Func<MsgPackValue?, MsgPackValue?>> Changes => _changes;

    /// <summary>
    /// Applies <paramref name="change"/> (old state to new state) and records it. The function must be pure: it
    /// may run again on a newer state when a concurrent invocation of the session saved first.
    /// </summary>
    public void Update(Func<MsgPackValue?, MsgPackValue?> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        State = change(State);
        _changes.Add(change);
    }

    /// <summary>Re-applies the recorded changes to <paramref name="state"/>.</summary>
    public MsgPackValue? Replay(MsgPackValue? state)
    {
        foreach (var change in _changes) state = change(state);
        return state;
    }
}
