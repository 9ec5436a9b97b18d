using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Client.Agents;

/// <summary>
/// A tool an agent offers, as agent authors write it: TOOL_DEF's <c>{name, description, schema}</c> with the schema a
/// JSON Schema object. Hosts convert it to the wire record (<c>Protocol.AspV1.ToolDefinition</c>).
/// </summary>
public sealed record ToolDefinition(string Name, string Description, MsgPackValue Schema)
{
    /// <summary>The asp-v1 wire form.</summary>
    public Protocol.AspV1.ToolDefinition ToWire() => new(Name) { Description = Description, Schema = Schema };

    /// <summary>From the asp-v1 wire form (absent description and schema become "" and an empty map).</summary>
    public static ToolDefinition FromWire(Protocol.AspV1.ToolDefinition wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        return new ToolDefinition(wire.Name, wire.Description ?? "", wire.Schema ?? MsgPackValue.Map());
    }
}
