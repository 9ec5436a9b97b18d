using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Agents;

/// <summary>An agent's public description: what a registration carries besides the endpoint.</summary>
public sealed record AgentDescriptor
{
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    public string Version { get; init; } = "1";

    /// <summary>Capability tokens such as <c>stream</c>, <c>tools</c>, <c>request</c>, <c>stateful</c>.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Tools known up front (more may be pushed with TOOL_DEF at any time).</summary>
    public IReadOnlyList<ToolDefinition> Tools { get; init; } = [];

    /// <summary>Extra string metadata (public: never put secrets here).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
