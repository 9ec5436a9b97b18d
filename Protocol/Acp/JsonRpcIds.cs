using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentPlatform.Protocol.Acp;

/// <summary>JSON-RPC ids as dictionary keys: <c>1</c> and <c>"1"</c> are different ids.</summary>
public static class JsonRpcIds
{
    /// <summary><c>s:&lt;text&gt;</c> for a string, <c>n:&lt;number as written&gt;</c> for a number, <c>null</c> for null; null for any other JSON.</summary>
    public static string? Key(JsonNode? id)
    {
        if (id is null) return "null";
        if (id is not JsonValue value) return null;
        return value.GetValueKind() switch
        {
            JsonValueKind.String => "s:" + value.GetValue<string>(),
            JsonValueKind.Number => "n:" + Number(value),
            _ => null,
        };
    }

    /// <summary>True for the ids JSON-RPC allows: a string, a number or null.</summary>
    public static bool IsValid(JsonNode? id) => Key(id) is not null;

    private static string Number(JsonValue value) =>
        value.TryGetValue<long>(out var l) ? l.ToString(CultureInfo.InvariantCulture) : value.ToJsonString();
}
