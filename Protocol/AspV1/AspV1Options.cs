using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.AspV1;

/// <summary>Limits applied when parsing asp-v1 messages.</summary>
public sealed record AspV1Options
{
    /// <summary>Defaults: 1 MiB per message, payload nesting 32, 4096 tools per TOOL_DEF.</summary>
    public static AspV1Options Default { get; } = new();

    /// <summary>Largest message (opcode byte included); larger is FRAME_TOO_LARGE. Announced as <c>maxFrame</c> in HELLO.</summary>
    public int MaxFrameSize { get; init; } = 1 << 20;

    /// <summary>Limits for the MessagePack body (payload nesting is bounded by its MaxDepth).</summary>
    public MessagePackReaderOptions MessagePack { get; init; } = new() { MaxDepth = 32 };
}
