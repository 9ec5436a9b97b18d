namespace AgentPlatform.Agents;

/// <summary>A context as the store holds it: an opaque MessagePack payload and its version (0 = never saved).</summary>
public readonly record struct StoredContext(long Version, ReadOnlyMemory<byte> Data)
{
    /// <summary>The value a store returns for a key that was never saved.</summary>
    public static StoredContext Empty => default;

    /// <summary>True when something was saved under the key.</summary>
    public bool Exists => Version > 0;
}
