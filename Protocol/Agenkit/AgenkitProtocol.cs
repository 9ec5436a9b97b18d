using System.Globalization;

namespace AgentPlatform.Protocol.Agenkit;

/// <summary>
/// Constants of the agenkit wire protocol (docs/protocol/agenkit.md): the envelope version, the frame header
/// and the default size limit.
/// </summary>
public static class AgenkitProtocol
{
    /// <summary>The only envelope <c>version</c> spoken; any other is UNSUPPORTED_VERSION.</summary>
    public const string Version = "1.0";

    /// <summary>Length of the frame header: a 32-bit unsigned big-endian body length.</summary>
    public const int HeaderLength = 4;

    /// <summary>Default largest body a peer accepts (10 MiB, the seed's MAX_MESSAGE_SIZE).</summary>
    public const int DefaultMaxFrameBytes = 10 * 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted; deeper input is MALFORMED_PAYLOAD, not a stack overflow.</summary>
    public const int MaxDepth = 64;

    /// <summary>The id an error carries when the offending envelope had no readable string id (as agenkit does).</summary>
    public const string UnknownId = "unknown";

    /// <summary>Formats an envelope or message timestamp: ISO 8601 UTC with milliseconds and <c>Z</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
