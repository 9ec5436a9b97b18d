using System.Collections.Concurrent;

namespace AgentPlatform.Agents;

/// <summary>
/// A process-local context store for long-lived direct-mode runtimes and the in-process endpoint, where the
/// process itself is the session's home. Relay-mode Functions use a durable store instead.
/// </summary>
public sealed class InMemoryContextStore : IContextStore
{
    private readonly ConcurrentDictionary<string, StoredContext> _items = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<StoredContext> LoadAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ValueTask.FromResult(_items.TryGetValue(key, out var stored) ? stored : StoredContext.Empty);
    }

    /// <inheritdoc />
    public ValueTask<bool> TrySaveAsync(string key, long expectedVersion, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var next = new StoredContext(expectedVersion + 1, data.ToArray());
        if (expectedVersion == 0)
        {
            return ValueTask.FromResult(_items.TryAdd(key, next));
        }
        return ValueTask.FromResult(_items.TryGetValue(key, out var current)
            && current.Version == expectedVersion
            && _items.TryUpdate(key, next, current));
    }
}
