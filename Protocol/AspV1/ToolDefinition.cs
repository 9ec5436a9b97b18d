using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.AspV1;

/// <summary>One tool of TOOL_DEF: <c>{name, description?, schema?}</c>.</summary>
/// <param name="Name">Key <c>name</c>.</param>
public sealed record ToolDefinition(string Name)
{
    /// <summary>Key <c>description</c>.</summary>
    public string? Description { get; init; }

    /// <summary>Key <c>schema</c>: the JSON Schema of the tool's arguments, as a MessagePack map.</summary>
    public MsgPackValue? Schema { get; init; }
}
