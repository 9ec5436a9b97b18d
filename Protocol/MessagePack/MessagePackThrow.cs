using System.Globalization;

namespace AgentPlatform.Protocol.MessagePack;

/// <summary>
/// Builds the reader's exceptions. Kept out of line so the hot read paths stay small enough to inline.
/// </summary>
internal static class MessagePackThrow
{
    public static MessagePackException Truncated(string expected, long offset) =>
        new(string.Create(CultureInfo.InvariantCulture, $"MessagePack input ends early: expected {expected} at offset {offset}"));

    public static MessagePackException WrongType(byte code, string expected, long offset) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"MessagePack code 0x{code:x2} ({MessagePackCode.ToType(code)}) at offset {offset} where {expected} was expected"));

    public static MessagePackException NeverUsed(long offset) =>
        new(string.Create(CultureInfo.InvariantCulture, $"MessagePack code 0xc1 (never used) at offset {offset}"));

    public static MessagePackException Overflow(string target, long offset) =>
        new(string.Create(CultureInfo.InvariantCulture, $"MessagePack integer at offset {offset} does not fit {target}"));

    public static MessagePackException Limit(string what, long length, long limit, long offset) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"MessagePack {what} at offset {offset} has length {length}, over the limit of {limit}"));

    public static MessagePackException Depth(int limit, long offset) =>
        new(string.Create(CultureInfo.InvariantCulture, $"MessagePack nesting deeper than {limit} at offset {offset}"));

    public static MessagePackException InvalidUtf8(long offset, Exception inner) =>
        new(string.Create(CultureInfo.InvariantCulture, $"MessagePack string at offset {offset} is not valid UTF-8"), inner);

    public static MessagePackException BadTimestamp(string reason, long offset) =>
        new(string.Create(CultureInfo.InvariantCulture, $"MessagePack timestamp at offset {offset}: {reason}"));
}
