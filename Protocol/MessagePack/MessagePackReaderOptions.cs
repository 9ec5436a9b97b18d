namespace AgentPlatform.Protocol.MessagePack;

/// <summary>
/// Limits that keep hostile input from costing more than it is worth. Every limit is checked before the
/// memory it would cost is allocated, so a 6-byte "array of 4 billion items" fails at once.
/// </summary>
public sealed record MessagePackReaderOptions
{
    /// <summary>Defaults: depth 64, 1 Mi items per collection, 16 MiB per string, binary or extension, 64 MiB in all.</summary>
    public static MessagePackReaderOptions Default { get; } = new();

    /// <summary>Deepest nesting of arrays and maps (a scalar at the top level has depth 0).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Largest item count of one array, or entry count of one map.</summary>
    public int MaxCollectionLength { get; init; } = 1 << 20;

    /// <summary>Largest UTF-8 byte length of one string.</summary>
    public int MaxStringLength { get; init; } = 16 << 20;

    /// <summary>Largest length of one binary value.</summary>
    public int MaxBinaryLength { get; init; } = 16 << 20;

    /// <summary>Largest data length of one extension value.</summary>
    public int MaxExtensionLength { get; init; } = 16 << 20;

    /// <summary>Largest input a reader accepts at all.</summary>
    public long MaxTotalSize { get; init; } = 64L << 20;
}
