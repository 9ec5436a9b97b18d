using System.Text;

namespace AgentPlatform.Protocol.AspV1;

/// <summary>The wire spelling of <see cref="AspKey"/>: lookup from UTF-8 bytes, and pre-encoded fixstr bytes for writing.</summary>
internal static class AspKeys
{
    /// <summary>Longest key; longer keys are unknown without looking.</summary>
    public const int MaxLength = 16;

    private static readonly string[] Names =
    [
        "s", "v", "caps", "token", "resume", "lastSeq", "role", "agents",
        "cid", "session", "hb", "maxFrame", "resumeToken", "seq",
        "id", "agent", "input", "stream", "timeoutMs", "data", "reason",
        "tools", "name", "description", "schema",
        "result", "metrics", "durationMs", "cpuMs", "chunks", "bytes",
        "code", "message", "retryable", "retryAfterMs",
        "rid", "kind",
    ];

    private static readonly byte[][] Utf8Names = Names.Select(Encoding.UTF8.GetBytes).ToArray();

    // fixstr header (0xa0 | length) followed by the name: what the writer copies for each key.
    private static readonly byte[][] EncodedNames = Utf8Names.Select(n => (byte[])[(byte)(0xa0 | n.Length), .. n]).ToArray();

    /// <summary>The key's name, for error messages.</summary>
    public static string Name(AspKey key) => Names[(int)key];

    /// <summary>The key as a complete MessagePack fixstr.</summary>
    public static ReadOnlySpan<byte> Encoded(AspKey key) => EncodedNames[(int)key];

    // Candidates by length: a lookup compares against at most a handful of names (the most share one length).
    private static readonly (byte[] Name, AspKey Key)[][] ByLength = Enumerable.Range(0, MaxLength + 1)
        .Select(length => Utf8Names.Select((name, i) => (name, (AspKey)i)).Where(c => c.name.Length == length).ToArray())
        .ToArray();

    /// <summary>Finds the key spelled by <paramref name="utf8"/>, or <see cref="AspKey.Unknown"/>.</summary>
    public static AspKey Lookup(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength) return AspKey.Unknown;
        foreach (var (name, key) in ByLength[utf8.Length])
        {
            if (utf8.SequenceEqual(name)) return key;
        }
        return AspKey.Unknown;
    }
}
