using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentPlatform.Protocol.MessagePack;

/// <summary>
/// Converts between <see cref="MsgPackValue"/> and System.Text.Json for the JSON dialects. MessagePack is the
/// richer format, so MessagePack to JSON is lossy in these defined ways (docs/protocol/messagepack.md):
/// binary becomes a base64 string; a timestamp extension becomes an RFC 3339 UTC string; any other extension
/// becomes <c>{"$ext": type, "data": base64}</c>; NaN and infinities become null; integers stay exact JSON
/// numbers even beyond 2^53 (peers that parse numbers as doubles round them); a map key that is not a string
/// becomes its compact JSON text; when keys repeat, the last entry wins; float 32 vs 64 is not kept.
/// JSON to MessagePack: integers that fit a long or ulong become integers, other numbers float 64 (beyond its range, infinity).
/// </summary>
public static class MsgPackJson
{
    /// <summary>Converts to a JSON node (null for nil).</summary>
    public static JsonNode? ToJsonNode(MsgPackValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return ToJsonNode(value, 0);
    }

    /// <summary>Converts to compact JSON text.</summary>
    public static string ToJsonString(MsgPackValue value) => ToJsonNode(value)?.ToJsonString() ?? "null";

    /// <summary>Writes the JSON form to <paramref name="writer"/>.</summary>
    public static void WriteJson(MsgPackValue value, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var node = ToJsonNode(value);
        if (node is null) writer.WriteNullValue();
        else node.WriteTo(writer);
    }

    /// <summary>Converts a JSON element.</summary>
    public static MsgPackValue FromJsonElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return MsgPackValue.Nil;
            case JsonValueKind.True:
                return MsgPackValue.From(true);
            case JsonValueKind.False:
                return MsgPackValue.From(false);
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var signed))
                {
                    // "-0" is how JSON writes the float -0.0; as an integer it would lose its sign.
                    return signed == 0 && element.GetRawText().StartsWith('-') ? MsgPackValue.From(-0.0) : MsgPackValue.From(signed);
                }
                if (element.TryGetUInt64(out var unsigned)) return MsgPackValue.From(unsigned);
                // Beyond double's range JSON numbers are still legal JSON: they become infinities, as in JavaScript.
                return MsgPackValue.From(element.TryGetDouble(out var number)
                    ? number
                    : double.Parse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture));
            case JsonValueKind.String:
                return MsgPackValue.From(element.GetString());
            case JsonValueKind.Array:
                return MsgPackValue.Array(element.EnumerateArray().Select(FromJsonElement));
            default:
                return MsgPackValue.Map(element.EnumerateObject().Select(p =>
                    new KeyValuePair<MsgPackValue, MsgPackValue>(MsgPackValue.From(p.Name), FromJsonElement(p.Value))));
        }
    }

    /// <summary>Converts a JSON node (null gives nil).</summary>
    public static MsgPackValue FromJsonNode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return MsgPackValue.Nil;
            case JsonArray array:
                return MsgPackValue.Array(array.Select(FromJsonNode));
            case JsonObject obj:
                return MsgPackValue.Map(obj.Select(p =>
                    new KeyValuePair<MsgPackValue, MsgPackValue>(MsgPackValue.From(p.Key), FromJsonNode(p.Value))));
            default:
                if (node.AsValue().TryGetValue<JsonElement>(out var element)) return FromJsonElement(element);
                // A value built from a CLR primitive: its JSON text is the one form every kind of it shares.
                using (var document = JsonDocument.Parse(node.ToJsonString()))
                {
                    return FromJsonElement(document.RootElement);
                }
        }
    }

    /// <summary>Parses JSON text.</summary>
    public static MsgPackValue Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return FromJsonElement(document.RootElement);
    }

    private static JsonNode? ToJsonNode(MsgPackValue value, int depth)
    {
        switch (value.Kind)
        {
            case MsgPackValueKind.Nil:
                return null;
            case MsgPackValueKind.Boolean:
                return JsonValue.Create(value.AsBoolean());
            case MsgPackValueKind.Integer:
                return value.TryGetInt64(out var signed) ? JsonValue.Create(signed) : JsonValue.Create(value.AsUInt64());
            case MsgPackValueKind.Float:
                var number = value.AsDouble();
                return double.IsFinite(number) ? JsonValue.Create(number) : null;
            case MsgPackValueKind.String:
                return JsonValue.Create(value.AsString());
            case MsgPackValueKind.Binary:
                return JsonValue.Create(Convert.ToBase64String(value.AsBinary().Span));
            case MsgPackValueKind.Extension:
                if (value.TryGetTimestamp(out var timestamp) && timestamp.TryToDateTime(out _))
                {
                    return JsonValue.Create(timestamp.ToString());
                }
                return new JsonObject
                {
                    ["$ext"] = value.ExtensionType,
                    ["data"] = Convert.ToBase64String(value.ExtensionData.Span),
                };
            case MsgPackValueKind.Array:
                var array = new JsonArray();
                foreach (var item in value.AsArray()) array.Add(ToJsonNode(item, depth + 1));
                return array;
            default:
                var obj = new JsonObject();
                foreach (var entry in value.AsMap())
                {
                    obj[KeyText(entry.Key)] = ToJsonNode(entry.Value, depth + 1);
                }
                return obj;
        }
    }

    private static string KeyText(MsgPackValue key) => key.Kind switch
    {
        MsgPackValueKind.String => key.AsString(),
        MsgPackValueKind.Integer when key.TryGetInt64(out var signed) => signed.ToString(CultureInfo.InvariantCulture),
        _ => ToJsonString(key),
    };
}
