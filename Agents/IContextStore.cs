namespace AgentPlatform.Agents;

/// <summary>
/// Where an agent's per-session context lives between invocations. Loads return the stored bytes and their
/// version; saves succeed only when the stored version still equals the one that was loaded (optimistic
/// concurrency), so two concurrent invocations of one session never silently overwrite each other.
/// </summary>
public interface IContextStore
{
    /// <summary>Loads the context stored under <paramref name="key"/>; version 0 and no data when none exists.</summary>
    ValueTask<StoredContext> LoadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="data"/> as version <paramref name="expectedVersion"/> + 1 when the stored version
    /// is still <paramref name="expectedVersion"/> (0 = must not exist yet). Returns false on a version conflict.
    /// </summary>
    ValueTask<bool> TrySaveAsync(string key, long expectedVersion, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);
}
