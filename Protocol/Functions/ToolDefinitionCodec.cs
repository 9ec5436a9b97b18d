using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.Functions;

/// <summary>Reads and writes the <c>tools</c> array: <c>[{name, description, schema}]</c>, shared by TOOL_DEF and the tool_def record.</summary>
public static class ToolDefinitionCodec
{
    public static void WriteArray(ref MessagePackWriter writer, IReadOnlyList<ToolDefinition> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        writer.WriteArrayHeader(tools.Count);
        foreach (var tool in tools)
        {
            writer.WriteMapHeader(3);
            writer.Write("name");
            writer.Write(tool.Name);
            writer.Write("description");
            writer.Write(tool.Description ?? "");
            writer.Write("schema");
            (tool.Schema ?? MsgPackValue.Map()).WriteTo(ref writer);
        }
    }

    /// <summary>Reads the array; a missing name or a non-map item is a <see cref="FunctionProtocolException"/>.</summary>
    public static IReadOnlyList<ToolDefinition> ReadArray(ref MessagePackReader reader)
    {
        var count = reader.ReadArrayHeader();
        var tools = new List<ToolDefinition>(Math.Min(count, 256));
        for (var i = 0; i < count; i++)
        {
            var fields = reader.ReadMapHeader();
            string? name = null;
            var description = "";
            var schema = MsgPackValue.Map();
            for (var f = 0; f < fields; f++)
            {
                switch (reader.ReadString())
                {
                    case "name": name = reader.ReadString(); break;
                    case "description": description = reader.ReadString() ?? ""; break;
                    case "schema": schema = MsgPackValue.Read(ref reader); break;
                    default: reader.Skip(); break;
                }
            }
            if (string.IsNullOrEmpty(name)) throw new FunctionProtocolException($"tools[{i}] has no name");
            tools.Add(new ToolDefinition(name, description, schema));
        }
        return tools;
    }
}
