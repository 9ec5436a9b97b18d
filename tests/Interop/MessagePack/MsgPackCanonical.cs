using System.Globalization;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Interop.MessagePack;

/// <summary>
/// The type-tagged canonical JSON form of a value, computed exactly as tests/Interop/node/msgpack/canonical.mjs
/// computes it in JavaScript, so values decoded on either side compare exactly.
/// </summary>
public static class MsgPackCanonical
{
    private const double MaxSafeInteger = 9007199254740991;

    public static JsonNode? From(MsgPackValue value)
    {
        switch (value.Kind)
        {
            case MsgPackValueKind.Nil: return null;
            case MsgPackValueKind.Boolean: return JsonValue.Create(value.AsBoolean());
            case MsgPackValueKind.Integer:
                var text = value.TryGetInt64(out var signed) ? signed.ToString(CultureInfo.InvariantCulture) : value.AsUInt64().ToString(CultureInfo.InvariantCulture);
                return new JsonObject { ["n"] = text };
            case MsgPackValueKind.Float:
                var number = value.AsDouble();
                if (double.IsNaN(number)) return new JsonObject { ["n"] = "nan" };
                if (Math.Floor(number) == number && Math.Abs(number) <= MaxSafeInteger) return new JsonObject { ["n"] = ((long)number).ToString(CultureInfo.InvariantCulture) };
                return new JsonObject { ["f"] = BitConverter.DoubleToInt64Bits(number).ToString("x16", CultureInfo.InvariantCulture) };
            case MsgPackValueKind.String: return new JsonObject { ["s"] = value.AsString() };
            case MsgPackValueKind.Binary: return new JsonObject { ["b"] = Convert.ToHexStringLower(value.AsBinary().Span) };
            case MsgPackValueKind.Extension:
                if (value.TryGetTimestamp(out var timestamp))
                {
                    return new JsonObject { ["t"] = new JsonArray(timestamp.Seconds.ToString(CultureInfo.InvariantCulture), (long)timestamp.Nanoseconds) };
                }
                return new JsonObject { ["x"] = (int)value.ExtensionType, ["d"] = Convert.ToHexStringLower(value.ExtensionData.Span) };
            case MsgPackValueKind.Array:
                return new JsonArray(value.AsArray().Select(From).ToArray());
            default:
                return new JsonObject { ["m"] = new JsonArray(value.AsMap().Select(e => (JsonNode)new JsonArray(From(e.Key), From(e.Value))).ToArray()) };
        }
    }
}
