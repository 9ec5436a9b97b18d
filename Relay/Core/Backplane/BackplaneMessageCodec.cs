using System.Buffers;
using System.Text.Json;

namespace AgentPlatform.Relay.Core.Backplane;

/// <summary>
/// The backplane's wire format (docs/protocol/relay-backplane.md): one UTF-8 JSON object per Redis message, written
/// once per publish whatever the number of replicas or recipients.
/// Pure: parsing never throws on bad input, it returns false.
/// </summary>
public static class BackplaneMessageCodec
{
    /// <summary>The format version written in "v"; readers refuse other versions.</summary>
    public const int Version = 1;

    public static void Write(BackplaneMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteNumber("v", Version);
        w.WriteNumber("op", (int)message.Operation);
        w.WriteString("hub", message.Hub);
        if (message.AckId is { } id) w.WriteNumber("id", id);
        if (message.Replica is not null) w.WriteString("replica", message.Replica);
        if (message.Target is not null) w.WriteString("target", message.Target);
        if (message.Group is not null) w.WriteString("group", message.Group);
        if (message.Excluded is { Count: > 0 } excluded)
        {
            w.WriteStartArray("excluded");
            foreach (var e in excluded) w.WriteStringValue(e);
            w.WriteEndArray();
        }
        if (message.Agents is { } agents)
        {
            w.WriteStartArray("agents");
            foreach (var a in agents) w.WriteStringValue(a);
            w.WriteEndArray();
        }
        if (message.Reason is not null) w.WriteString("reason", message.Reason);
        if (message.Message is { } m)
        {
            w.WriteStartObject("msg");
            w.WriteString("type", m.DataType);
            if (m.From is not null) w.WriteString("from", m.From);
            if (m.Group is not null) w.WriteString("group", m.Group);
            w.WriteBase64String("data", m.Data.Span);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    public static bool TryParse(ReadOnlySequence<byte> input, out BackplaneMessage? message)
    {
        message = null;
        try
        {
            var reader = new Utf8JsonReader(input, new JsonReaderOptions { MaxDepth = 4 });
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return false;
            if (!root.TryGetProperty("v", out var v) || !v.TryGetInt32(out var version) || version != Version) return false;
            if (!root.TryGetProperty("op", out var opEl) || !opEl.TryGetInt32(out var op)) return false;
            if (!Enum.IsDefined((BackplaneOperation)op)) return false;
            if (!TryString(root, "hub", required: true, out var hub)) return false;
            if (!TryString(root, "target", false, out var target) || !TryString(root, "group", false, out var group)
                || !TryString(root, "reason", false, out var reason))
            {
                return false;
            }

            if (!TryString(root, "replica", false, out var replica)) return false;
            long? ackId = null;
            if (root.TryGetProperty("id", out var idEl))
            {
                if (!idEl.TryGetInt64(out var id)) return false;
                ackId = id;
            }
            if (!TryStrings(root, "excluded", out var excluded) || !TryStrings(root, "agents", out var agents)) return false;
            RelayMessage? payload = null;
            if (root.TryGetProperty("msg", out var msg))
            {
                if (msg.ValueKind != JsonValueKind.Object) return false;
                if (!TryString(msg, "type", true, out var type) || !TryString(msg, "from", false, out var from)
                    || !TryString(msg, "group", false, out var msgGroup))
                {
                    return false;
                }

                if (!msg.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.String
                    || !data.TryGetBytesFromBase64(out var bytes))
                {
                    return false;
                }

                payload = new RelayMessage(bytes, type!, from, msgGroup);
            }
            message = new BackplaneMessage((BackplaneOperation)op, hub!, target, group, payload, excluded, reason)
            {
                AckId = ackId,
                Replica = replica,
                Agents = agents,
            };
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 inside a string token.
            return false;
        }
    }

    private static bool TryStrings(JsonElement obj, string name, out List<string>? values)
    {
        values = null;
        if (!obj.TryGetProperty(name, out var array)) return true;
        if (array.ValueKind != JsonValueKind.Array) return false;
        values = [];
        foreach (var e in array.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.String) return false;
            values.Add(e.GetString()!);
        }
        return true;
    }

    private static bool TryString(JsonElement obj, string name, bool required, out string? value)
    {
        value = null;
        if (!obj.TryGetProperty(name, out var el)) return !required;
        if (el.ValueKind != JsonValueKind.String) return false;
        value = el.GetString();
        return true;
    }
}
