using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.AspV1;

/// <summary>
/// One tool of TOOL_DEF, <c>{name, description?, schema?}</c>: the one tool type of the platform, written by agent
/// authors, carried by the Relay↔Functions records and read by callers.
/// </summary>
/// <param name="Name">Key <c>name</c>.</param>
public sealed record ToolDefinition(string Name)
{
    /// <summary>A tool as agent authors write it: a description and the JSON Schema of its arguments.</summary>
    public ToolDefinition(string name, string description, MsgPackValue schema)
        : this(name)
    {
        Description = description;
        Schema = schema;
    }

    /// <summary>Key <c>description</c>.</summary>
    public string? Description { get; init; }

    /// <summary>Key <c>schema</c>: the JSON Schema of the tool's arguments, as a MessagePack map.</summary>
    public MsgPackValue? Schema { get; init; }
}
