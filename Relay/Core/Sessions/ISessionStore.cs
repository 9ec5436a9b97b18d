using AgentPlatform.Server.Delivery;

namespace AgentPlatform.Relay.Core.Sessions;

/// <summary>
/// Where reliable sessions keep their replay state so that any replica can resume them (docs/operations/scale-out.md,
/// "Sessions across replicas"). Without Redis nothing is shared (<see cref="InProcessSessionStore"/>) and sessions
/// resume on the replica that holds them, as before.
/// </summary>
public interface ISessionStore
{
    /// <summary>True when other replicas can read what is stored here.</summary>
    bool IsShared { get; }

    /// <summary>
    /// Stores a new session (epoch 1, owned by this replica) and returns its journal at once; <c>Created</c> completes
    /// when the store confirmed. Writes through the journal are ordered after the creation.
    /// </summary>
    (ISessionJournal Journal, Task Created) Create(SessionRecord record, string tokenHash, Func<long> inbound, Action fenced);

    /// <summary>
    /// Takes a session over when <paramref name="tokenHash"/> matches: bumps its epoch (the previous owner can no longer
    /// append), stores <paramref name="newTokenHash"/>, drops frames up to <paramref name="lastReceived"/> and returns
    /// the rest. The outcome is <see cref="ResumeOutcome.Resumed"/> with a takeover, or why not; a session of another
    /// user than <paramref name="userId"/> (when both are known) is <see cref="ResumeOutcome.OtherUser"/>, untouched.
    /// </summary>
    Task<(ResumeOutcome Outcome, SessionTakeover? Takeover)> TakeOverAsync(string connectionId, string hub, string dialect, string tokenHash,
        string newTokenHash, long lastReceived, string? userId, CancellationToken cancellationToken);

    /// <summary>
    /// The previous owner's last word: its processed inbound position, accepted only while the session is at
    /// <paramref name="epoch"/> (the new owner's), so the new owner de-duplicates client frames it processed last.
    /// </summary>
    Task RecordInboundAsync(string connectionId, long epoch, long inbound);

    /// <summary>The processed inbound position stored for a session (0 when unknown).</summary>
    Task<long> ReadInboundAsync(string connectionId);

    /// <summary>A journal for a session taken over at <paramref name="epoch"/>.</summary>
    ISessionJournal Adopt(SessionRecord record, long epoch, Func<long> inbound, Action fenced);
}
