using System.Buffers;
using System.Text.Json;
using AgentPlatform.Protocol.WebPubSub.Messages;

namespace AgentPlatform.Protocol.WebPubSub;

/// <summary>
/// Writes service-to-client frames of the JSON subprotocols (docs/protocol/webpubsub.md §4) in a fixed member
/// order, so the bytes are stable and testable.
/// </summary>
public static class WebPubSubJsonWriter
{
    // Relaxed escaping keeps non-ASCII text readable on the wire; the output is still valid JSON.
    private static readonly JsonWriterOptions Options = new() { Indented = false, SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes one frame (one WebSocket text message) to <paramref name="output"/>.</summary>
    public static void Write(WebPubSubMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var json = new Utf8JsonWriter(output, Options);
        json.WriteStartObject();
        switch (message)
        {
            case AckMessage ack:
                json.WriteString("type", "ack");
                json.WriteNumber("ackId", ack.AckId);
                json.WriteBoolean("success", ack.Success);
                if (ack.ErrorName is not null)
                {
                    json.WriteStartObject("error");
                    json.WriteString("name", ack.ErrorName);
                    json.WriteString("message", ack.ErrorMessage ?? "");
                    json.WriteEndObject();
                }
                break;
            case GroupDataMessage group:
                json.WriteString("type", "message");
                json.WriteString("from", "group");
                json.WriteString("group", group.Group);
                if (group.FromUserId is not null) json.WriteString("fromUserId", group.FromUserId);
                WritePayload(json, group.Payload);
                if (group.SequenceId is { } gs) json.WriteNumber("sequenceId", gs);
                break;
            case ServerDataMessage server:
                json.WriteString("type", "message");
                json.WriteString("from", "server");
                WritePayload(json, server.Payload);
                if (server.SequenceId is { } ss) json.WriteNumber("sequenceId", ss);
                break;
            case ConnectedMessage connected:
                json.WriteString("type", "system");
                json.WriteString("event", "connected");
                if (connected.UserId is not null) json.WriteString("userId", connected.UserId);
                json.WriteString("connectionId", connected.ConnectionId);
                if (connected.ReconnectionToken is not null) json.WriteString("reconnectionToken", connected.ReconnectionToken);
                break;
            case DisconnectedMessage disconnected:
                json.WriteString("type", "system");
                json.WriteString("event", "disconnected");
                json.WriteString("message", disconnected.Message);
                break;
            case InvokeResponseMessage invoke:
                json.WriteString("type", "invokeResponse");
                json.WriteString("invocationId", invoke.InvocationId);
                json.WriteBoolean("success", invoke.Success);
                if (invoke.Payload is { } result) WritePayload(json, result);
                if (invoke.ErrorName is not null)
                {
                    json.WriteStartObject("error");
                    json.WriteString("name", invoke.ErrorName);
                    json.WriteString("message", invoke.ErrorMessage ?? "");
                    json.WriteEndObject();
                }
                break;
            case PongMessage:
                json.WriteString("type", "pong");
                break;
            default:
                throw new ArgumentException("unknown message type " + message.GetType().Name, nameof(message));
        }
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary>Writes one frame to a new array (tests and cold paths).</summary>
    public static byte[] ToArray(WebPubSubMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        Write(message, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WritePayload(Utf8JsonWriter json, WebPubSubPayload payload)
    {
        json.WriteString("dataType", WebPubSubPayload.Name(payload.DataType));
        json.WritePropertyName("data");
        switch (payload.DataType)
        {
            case WebPubSubDataType.Json:
                // Payloads reach here from the parser or from a REST body that was validated as JSON on entry.
                json.WriteRawValue(payload.Bytes.Span, skipInputValidation: true);
                break;
            case WebPubSubDataType.Text:
                json.WriteStringValue(payload.Bytes.Span);
                break;
            default:
                json.WriteBase64StringValue(payload.Bytes.Span);
                break;
        }
    }
}
