using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.Agenkit;

/// <summary>
/// Encodes and decodes frame bodies. Decoding is pure and total: any bytes give an envelope or the error to answer
/// with (docs/protocol/agenkit.md, "Validation"); nothing else escapes.
/// </summary>
public static class AgenkitEnvelopeCodec
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };

    // Duplicate keys are refused while parsing: a lazily materialised JsonObject would otherwise throw later, far from here.
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = AgenkitProtocol.MaxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    // Relaxed escaping: the bodies never land in HTML, and non-ASCII text stays as compact as UTF-8 allows.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    private static readonly MessagePackReaderOptions MessagePackOptions = new() { MaxDepth = AgenkitProtocol.MaxDepth, MaxTotalSize = uint.MaxValue };

    /// <summary>Decodes one frame body.</summary>
    public static AgenkitDecodeResult Decode(in ReadOnlySequence<byte> body, AgenkitCodec codec = AgenkitCodec.Json) =>
        body.IsSingleSegment ? Decode(body.First, codec) : Decode(body.ToArray(), codec);

    /// <summary>Decodes one frame body.</summary>
    public static AgenkitDecodeResult Decode(ReadOnlyMemory<byte> body, AgenkitCodec codec = AgenkitCodec.Json)
    {
        JsonNode? node;
        if (codec == AgenkitCodec.MessagePack)
        {
            try
            {
                node = MsgPackJson.ToJsonNode(MsgPackValue.FromRaw(body, MessagePackOptions));
            }
            catch (MessagePackException)
            {
                return Fail(null, AgenkitErrorCodes.MalformedPayload, "Failed to decode MessagePack", AgenkitErrorReasons.InvalidMessagePack);
            }
        }
        else
        {
            var span = body.Span;
            if (!Utf8.IsValid(span)) return Fail(null, AgenkitErrorCodes.MalformedPayload, "Failed to decode UTF-8", AgenkitErrorReasons.InvalidUtf8);
            try
            {
                node = JsonNode.Parse(span, NodeOptions, DocumentOptions);
                // An escaped lone surrogate ("\ud800", in a name or a value) parses, then throws InvalidOperationException
                // wherever that string is first read (the checks below, the payload readers): writing the tree out reads
                // every string, so it is refused here as bad JSON. Only escapes can produce one (the bytes are valid UTF-8).
                if (span.IndexOf("\\u"u8) >= 0) _ = node?.ToJsonString();
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                return Fail(null, AgenkitErrorCodes.MalformedPayload, "Failed to decode JSON", AgenkitErrorReasons.InvalidJson);
            }
        }
        return Validate(node);
    }

    /// <summary>Encodes <paramref name="envelope"/> as a frame body (no header).</summary>
    public static void Encode(AgenkitEnvelope envelope, IBufferWriter<byte> output, AgenkitCodec codec = AgenkitCodec.Json)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(output);
        var type = AgenkitMessageTypes.ToWire(envelope.Type);
        if (codec == AgenkitCodec.MessagePack)
        {
            MsgPackValue.Map(
                ("version", envelope.Version),
                ("type", type),
                ("id", envelope.Id),
                ("timestamp", envelope.Timestamp),
                ("payload", MsgPackJson.FromJsonNode(envelope.Payload))).WriteTo(output);
            return;
        }
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("version", envelope.Version);
        writer.WriteString("type", type);
        writer.WriteString("id", envelope.Id);
        writer.WriteString("timestamp", envelope.Timestamp);
        writer.WritePropertyName("payload");
        envelope.Payload.WriteTo(writer);
        writer.WriteEndObject();
    }

    /// <summary>Encodes <paramref name="envelope"/> as a frame body (no header).</summary>
    public static byte[] EncodeToArray(AgenkitEnvelope envelope, AgenkitCodec codec = AgenkitCodec.Json)
    {
        var output = new ArrayBufferWriter<byte>(256);
        Encode(envelope, output, codec);
        return output.WrittenSpan.ToArray();
    }

    // The checks run in the order agenkit's validate_envelope runs them, so both sides name the same first fault.
    private static AgenkitDecodeResult Validate(JsonNode? node)
    {
        if (node is not JsonObject obj) return Fail(null, AgenkitErrorCodes.InvalidMessage, "Envelope must be a JSON object", AgenkitErrorReasons.NotAnObject);
        var id = obj["id"] is JsonValue idValue && idValue.GetValueKind() == JsonValueKind.String ? idValue.GetValue<string>() : null;
        if (!obj.TryGetPropertyValue("version", out var version)) return Missing(id, "version");
        if (version is not JsonValue v || v.GetValueKind() != JsonValueKind.String || v.GetValue<string>() != AgenkitProtocol.Version)
        {
            var details = Details(AgenkitErrorReasons.UnsupportedVersion);
            details["version"] = version?.DeepClone();
            details["supported"] = new JsonArray(AgenkitProtocol.Version);
            return new(null, id ?? AgenkitProtocol.UnknownId, new AgenkitError(AgenkitErrorCodes.UnsupportedVersion, $"Unsupported protocol version: {version?.ToJsonString() ?? "null"}", details));
        }
        if (!obj.TryGetPropertyValue("type", out var typeNode)) return Missing(id, "type");
        var typeText = typeNode is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
        if (!AgenkitMessageTypes.TryParse(typeText, out var type))
        {
            var details = Details(AgenkitErrorReasons.UnknownType);
            details["type"] = typeNode?.DeepClone();
            return new(null, id ?? AgenkitProtocol.UnknownId, new AgenkitError(AgenkitErrorCodes.InvalidMessage, "Invalid message type", details));
        }
        if (!obj.TryGetPropertyValue("id", out _)) return Missing(id, "id");
        if (id is null) return Invalid(null, "id", "id must be a string");
        if (!obj.TryGetPropertyValue("payload", out var payload)) return Missing(id, "payload");
        if (payload is not JsonObject payloadObject) return Invalid(id, "payload", "payload must be an object");
        var timestamp = "";
        // agenkit's validator does not require timestamp; a present one must still be text.
        if (obj.TryGetPropertyValue("timestamp", out var ts))
        {
            if (ts is not JsonValue tv || tv.GetValueKind() != JsonValueKind.String) return Invalid(id, "timestamp", "timestamp must be a string");
            timestamp = tv.GetValue<string>();
        }
        obj.Remove("payload");
        return new(new AgenkitEnvelope(type.Value, id, timestamp, payloadObject), id, null);
    }

    private static JsonObject Details(string reason) => new() { ["reason"] = reason };

    private static AgenkitDecodeResult Missing(string? id, string field)
    {
        var details = Details(AgenkitErrorReasons.MissingField);
        details["field"] = field;
        return new(null, id ?? AgenkitProtocol.UnknownId, new AgenkitError(AgenkitErrorCodes.InvalidMessage, $"Missing '{field}' field in envelope", details));
    }

    private static AgenkitDecodeResult Invalid(string? id, string field, string text)
    {
        var details = Details(AgenkitErrorReasons.InvalidField);
        details["field"] = field;
        return new(null, id ?? AgenkitProtocol.UnknownId, new AgenkitError(AgenkitErrorCodes.InvalidMessage, text, details));
    }

    private static AgenkitDecodeResult Fail(string? id, string code, string text, string reason) =>
        new(null, id ?? AgenkitProtocol.UnknownId, new AgenkitError(code, text, Details(reason)));
}
