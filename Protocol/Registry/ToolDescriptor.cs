using System.Text.Json;

namespace AgentPlatform.Protocol.Registry;

/// <summary>A tool an agent instance offers (registry.md, field <c>tools</c>).</summary>
public sealed record ToolDescriptor
{
    /// <summary>Tool name, <c>[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}</c>, unique within an instance.</summary>
    public required string Name { get; init; }

    /// <summary>Human-readable description, at most 4096 characters.</summary>
    public string? Description { get; init; }

    /// <summary>JSON Schema of the tool input; any JSON object.</summary>
    public JsonElement? Schema { get; init; }
}
