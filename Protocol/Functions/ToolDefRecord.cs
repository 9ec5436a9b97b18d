using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Protocol.Functions;

/// <summary><c>t: "tool_def"</c>: tools pushed mid-invocation, becomes TOOL_DEF.</summary>
public sealed record ToolDefRecord(IReadOnlyList<ToolDefinition> Tools) : FunctionRecord
{
    public override string Kind => "tool_def";
}
