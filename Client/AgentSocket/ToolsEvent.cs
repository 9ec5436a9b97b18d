
using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Client.AgentSocket;

/// <summary>TOOL_DEF pushed during the invocation.</summary>
public sealed record ToolsEvent(string InvocationId, IReadOnlyList<ToolDefinition> Tools) : InvocationEvent(InvocationId);
