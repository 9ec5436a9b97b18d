using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using AgentPlatform.Protocol.WebPubSub.Requests;

namespace AgentPlatform.Protocol.WebPubSub;

/// <summary>
/// Parses one client text frame of json.webpubsub.azure.v1 / json.reliable.webpubsub.azure.v1 (docs/protocol/webpubsub.md §3).
/// Pure: no I/O, no allocation beyond the request it returns. One WebSocket message is one frame, so the whole
/// sequence is consumed or the frame is refused.
/// </summary>
public static class WebPubSubJsonReader
{
    /// <summary>Largest frame accepted, as Azure's per-frame limit (1 MB).</summary>
    public const int MaxFrameBytes = 1024 * 1024;

    /// <summary>
    /// Reads a frame. Returns false with <paramref name="error"/> for anything malformed: not a JSON object, a
    /// missing or mistyped field, a data token that does not match its dataType, bad base64, trailing bytes.
    /// </summary>
    public static bool TryParse(in ReadOnlySequence<byte> frame, [NotNullWhen(true)] out WebPubSubRequest? request, out WebPubSubParseError error)
    {
        if (frame.Length > MaxFrameBytes)
        {
            request = null;
            error = new WebPubSubParseError("frame exceeds 1 MB");
            return false;
        }
        // Frames are small and usually single-segment; a multi-segment frame is copied once so that the raw
        // bytes of `data` can be sliced out by index.
        var bytes = frame.IsSingleSegment ? frame.First : frame.ToArray();
        return TryParse(bytes, out request, out error);
    }

    /// <inheritdoc cref="TryParse(in ReadOnlySequence{byte}, out WebPubSubRequest?, out WebPubSubParseError)"/>
    public static bool TryParse(ReadOnlyMemory<byte> frame, [NotNullWhen(true)] out WebPubSubRequest? request, out WebPubSubParseError error)
    {
        request = null;
        var fields = default(Fields);
        try
        {
            if (!ReadFields(frame, ref fields, out var why))
            {
                error = new WebPubSubParseError(why, fields.AckId);
                return false;
            }
            return Build(frame, fields, out request, out error);
        }
        catch (JsonException ex)
        {
            error = new WebPubSubParseError("invalid JSON: " + FirstLine(ex.Message), fields.AckId);
            return false;
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader reports strings that are not valid UTF-8 this way.
            request = null;
            error = new WebPubSubParseError("invalid JSON: a string is not valid UTF-8", fields.AckId);
            return false;
        }
    }

    private static bool ReadFields(ReadOnlyMemory<byte> frame, ref Fields f, out string why)
    {
        var reader = new Utf8JsonReader(frame.Span, new JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            why = "a frame must be a JSON object";
            return false;
        }
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                if (reader.Read())
                {
                    why = "trailing data after the JSON object";
                    return false;
                }
                why = "";
                return true;
            }
            var name = reader.GetString();
            if (!reader.Read())
            {
                break;
            }
            switch (name)
            {
                case "type":
                    if (!ReadString(ref reader, out f.Type)) { why = "type must be a string"; return false; }
                    break;
                case "group":
                    if (!ReadString(ref reader, out f.Group)) { why = "group must be a string"; return false; }
                    break;
                case "event":
                    if (!ReadString(ref reader, out f.Event)) { why = "event must be a string"; return false; }
                    break;
                case "dataType":
                    if (!ReadString(ref reader, out f.DataType)) { why = "dataType must be a string"; return false; }
                    break;
                case "invocationId":
                    if (!ReadString(ref reader, out f.InvocationId)) { why = "invocationId must be a string"; return false; }
                    break;
                case "target":
                    if (!ReadString(ref reader, out f.Target)) { why = "target must be a string"; return false; }
                    break;
                case "ackId":
                    if (reader.TokenType == JsonTokenType.Null) break;
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out var ack)) { why = "ackId must be an unsigned 64-bit integer"; return false; }
                    f.AckId = ack;
                    break;
                case "sequenceId":
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out var seq)) { why = "sequenceId must be an unsigned 64-bit integer"; return false; }
                    f.SequenceId = seq;
                    break;
                case "noEcho":
                    if (reader.TokenType == JsonTokenType.Null) break;
                    if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False)) { why = "noEcho must be a boolean"; return false; }
                    f.NoEcho = reader.GetBoolean();
                    break;
                case "data":
                    f.DataStart = (int)reader.TokenStartIndex;
                    f.DataKind = reader.TokenType;
                    reader.Skip();
                    f.DataEnd = (int)reader.BytesConsumed;
                    f.HasData = true;
                    break;
                default:
                    // Unknown members are ignored so that newer clients (metadata, ttlSeconds) keep working.
                    reader.Skip();
                    break;
            }
        }
        why = "truncated JSON object";
        return false;
    }

    private static bool Build(ReadOnlyMemory<byte> frame, in Fields f, [NotNullWhen(true)] out WebPubSubRequest? request, out WebPubSubParseError error)
    {
        request = null;
        error = default;
        string? why = null;
        switch (f.Type)
        {
            case null:
                why = "type is required";
                break;
            case "joinGroup":
            case "leaveGroup":
                if (!ValidGroup(f.Group, out why)) break;
                request = f.Type == "joinGroup" ? new JoinGroupRequest(f.Group!) { AckId = f.AckId } : new LeaveGroupRequest(f.Group!) { AckId = f.AckId };
                break;
            case "sendToGroup":
                if (!ValidGroup(f.Group, out why)) break;
                if (!TryPayload(frame, f, out var groupPayload, out why)) break;
                request = new SendToGroupRequest(f.Group!, groupPayload, f.NoEcho ?? false) { AckId = f.AckId };
                break;
            case "event":
                if (string.IsNullOrEmpty(f.Event)) { why = "event is required"; break; }
                if (!TryPayload(frame, f, out var eventPayload, out why)) break;
                request = new SendEventRequest(f.Event, eventPayload) { AckId = f.AckId };
                break;
            case "sequenceAck":
                if (f.SequenceId is not { } sequenceId) { why = "sequenceId is required"; break; }
                request = new SequenceAckRequest(sequenceId);
                break;
            case "ping":
                request = new PingRequest();
                break;
            case "invoke" when f.Target is null or "event":
                if (string.IsNullOrEmpty(f.InvocationId)) { why = "invocationId is required"; break; }
                if (string.IsNullOrEmpty(f.Event)) { why = "event is required"; break; }
                WebPubSubPayload? invokePayload = null;
                if (f.HasData)
                {
                    if (!TryPayload(frame, f, out var p, out why)) break;
                    invokePayload = p;
                }
                request = new InvokeEventRequest(f.InvocationId, f.Event, invokePayload);
                break;
            default:
                request = new UnsupportedRequest(f.Type, f.InvocationId) { AckId = f.AckId };
                break;
        }
        if (request is not null) return true;
        error = new WebPubSubParseError(why ?? "malformed frame", f.AckId);
        return false;
    }

    private static bool ValidGroup(string? group, out string? why)
    {
        // Group names: 1-1024 characters, not all whitespace (data-plane spec).
        if (string.IsNullOrWhiteSpace(group) || group.Length > 1024)
        {
            why = "group must be 1-1024 characters and not blank";
            return false;
        }
        why = null;
        return true;
    }

    private static bool TryPayload(ReadOnlyMemory<byte> frame, in Fields f, out WebPubSubPayload payload, out string? why)
    {
        payload = default;
        var dataType = WebPubSubDataType.Json;
        if (f.DataType is not null && !WebPubSubPayload.TryParseName(f.DataType, out dataType))
        {
            why = "dataType must be json, text or binary";
            return false;
        }
        if (!f.HasData)
        {
            why = "data is required";
            return false;
        }
        var raw = frame[f.DataStart..f.DataEnd];
        switch (dataType)
        {
            case WebPubSubDataType.Json:
                payload = new WebPubSubPayload(WebPubSubDataType.Json, raw);
                break;
            case WebPubSubDataType.Text:
                if (f.DataKind != JsonTokenType.String) { why = "data must be a string when dataType is text"; return false; }
                payload = new WebPubSubPayload(WebPubSubDataType.Text, Encoding.UTF8.GetBytes(ReadStringToken(raw.Span)));
                break;
            default:
                if (f.DataKind != JsonTokenType.String) { why = "data must be a base64 string when dataType is binary"; return false; }
                var base64 = ReadStringToken(raw.Span);
                var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
                if (!Convert.TryFromBase64String(base64, buffer, out var written)) { why = "data is not valid base64"; return false; }
                payload = new WebPubSubPayload(WebPubSubDataType.Binary, buffer.AsMemory(0, written));
                break;
        }
        why = null;
        return true;
    }

    private static string ReadStringToken(ReadOnlySpan<byte> raw)
    {
        var reader = new Utf8JsonReader(raw);
        reader.Read();
        return reader.GetString() ?? "";
    }

    private static bool ReadString(ref Utf8JsonReader reader, out string? value)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            value = null;
            return false;
        }
        value = reader.GetString();
        return true;
    }

    private static string FirstLine(string message)
    {
        var i = message.IndexOf('\n', StringComparison.Ordinal);
        return i < 0 ? message : message[..i];
    }

    private struct Fields
    {
        public string? Type;
        public string? Group;
        public string? Event;
        public string? DataType;
        public string? InvocationId;
        public string? Target;
        public ulong? AckId;
        public ulong? SequenceId;
        public bool? NoEcho;
        public bool HasData;
        public JsonTokenType DataKind;
        public int DataStart;
        public int DataEnd;
    }
}
