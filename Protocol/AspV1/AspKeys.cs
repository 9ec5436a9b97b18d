using System.Buffers.Binary;
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

    // Candidates by length, each name packed into two little-endian words (zero-padded): a lookup is a few integer
    // compares against the names of one length, not byte-by-byte comparisons.
    private static readonly (ulong Low, ulong High, AspKey Key)[][] ByLength = Enumerable.Range(0, MaxLength + 1)
        .Select(length => Utf8Names.Select((name, i) => (name, (AspKey)i)).Where(c => c.name.Length == length)
            .Select(c => (Pack(c.name, 0), Pack(c.name, 8), c.Item2)).ToArray())
        .ToArray();

    /// <summary>Finds the key spelled by <paramref name="utf8"/>, or <see cref="AspKey.Unknown"/>.</summary>
    public static AspKey Lookup(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength) return AspKey.Unknown;
        var low = Pack(utf8, 0);
        var high = utf8.Length > 8 ? Pack(utf8, 8) : 0;
        foreach (var (l, h, key) in ByLength[utf8.Length])
        {
            if (l == low && h == high) return key;
        }
        return AspKey.Unknown;
    }

    private static ulong Pack(ReadOnlySpan<byte> utf8, int start)
    {
        if (utf8.Length >= start + 8) return BinaryPrimitives.ReadUInt64LittleEndian(utf8[start..]);
        ulong packed = 0;
        for (var i = utf8.Length - 1; i >= start; i--) packed = (packed << 8) | utf8[i];
        return packed;
    }
}
