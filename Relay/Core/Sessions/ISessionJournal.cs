using AgentPlatform.Server.Delivery;

namespace AgentPlatform.Relay.Core.Sessions;

/// <summary>One session's replay state in the shared store, written by its owner under its epoch.</summary>
public interface ISessionJournal : IReplayJournal
{
    /// <summary>Tells <paramref name="outbox"/> what became durable; called once, before anything is appended.</summary>
    void Bind(ConnectionOutbox outbox);

    /// <summary>The owner epoch this replica writes under.</summary>
    long Epoch { get; }

    /// <summary>True once a write was refused because another replica took the session over.</summary>
    bool Fenced { get; }

    /// <summary>Writes the current inbound position and refreshes the record's lifetime (batched with appends).</summary>
    void Touch();

    /// <summary>Stores a rotated resume token; false when the session was taken over meanwhile.</summary>
    Task<bool> RotateAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Records a group join or leave (for a takeover).</summary>
    void Group(string group, bool joined);

    /// <summary>Stops writing and waits until the write in flight (if any) was answered.</summary>
    Task StopAsync();

    /// <summary>Deletes the session (closed for good) unless another replica owns it now.</summary>
    void Remove();
}
