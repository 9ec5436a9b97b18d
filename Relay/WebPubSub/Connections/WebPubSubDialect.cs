using System.Buffers;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.Messages;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.WebPubSub.Options;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.WebPubSub.Connections;

/// <summary>
/// Turns routed core messages into Web PubSub frames: JSON <c>message</c> frames (with <c>sequenceId</c> on reliable
/// connections) for subprotocol clients, the raw payload for simple WebSocket clients.
/// </summary>
public sealed class WebPubSubDialect(WebPubSubOptions options) : IRelayDialect
{
    public const string DialectName = "webpubsub";

    /// <summary>RelayMessage.From for messages the server (REST API, handler answers) sends.</summary>
    public const string FromServer = "server";

    public string Name => DialectName;

    public bool TracksRoutedMessages => true;

    /// <summary>Fires with a connection that went over the reliable buffer limit and must be closed for good.</summary>
    public event Action<RelayConnection>? BufferLimitExceeded;

    public bool Accepts(RelayConnection connection, in RelayMessage message)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.DialectState is not WebPubSubConnectionContext context) return false;
        if (context.IsReliable)
        {
            // The protocol's limit: more than 1,000 unacked messages or 16 MB closes the connection unrecoverably.
            var outbox = connection.Outbox;
            if (outbox.HeldFrames >= options.MaxUnackedMessages || outbox.HeldBytes + message.Data.Length > options.MaxUnackedBytes)
            {
                BufferLimitExceeded?.Invoke(connection);
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// An untracked message is the same bytes for every simple client and for every subprotocol client (the JSON frame
    /// carries no per-connection field without a sequence id), so a fan-out encodes it once per kind.
    /// </summary>
    public object? SharedEncodingKey(RelayConnection connection, in RelayMessage message) =>
        connection?.DialectState is WebPubSubConnectionContext context ? (context.IsSimpleClient ? SimpleClients : SubprotocolClients) : null;

    private static readonly object SimpleClients = new();
    private static readonly object SubprotocolClients = new();

    public OutboundFrame Encode(RelayConnection connection, in RelayMessage message, long sequence)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var context = (WebPubSubConnectionContext)connection.DialectState!;
        var payload = ToPayload(message);
        if (context.IsSimpleClient)
        {
            // Simple clients get the raw bytes: a text frame for text and JSON, a binary frame otherwise.
            return new OutboundFrame(payload.Bytes, payload.DataType == WebPubSubDataType.Binary ? FrameType.Binary : FrameType.Text);
        }
        ulong? sequenceId = context.IsReliable && sequence > 0 ? (ulong)sequence : null;
        WebPubSubMessage frame = message.Group is { } group
            ? new GroupDataMessage(group, message.From == FromServer ? null : message.From, payload, sequenceId)
            : new ServerDataMessage(payload, sequenceId);
        var buffer = new ArrayBufferWriter<byte>(message.Data.Length + 128);
        WebPubSubJsonWriter.Write(frame, buffer);
        return new OutboundFrame(buffer.WrittenMemory, FrameType.Text);
    }

    /// <summary>The RelayMessage for a payload (its data type travels as the Web PubSub name).</summary>
    public static RelayMessage ToMessage(WebPubSubPayload payload, string? from, string? group = null) =>
        new(payload.Bytes, WebPubSubPayload.Name(payload.DataType), from, group);

    private static WebPubSubPayload ToPayload(in RelayMessage message) =>
        // Messages from other dialects carry their own type names; they travel as binary.
        new(WebPubSubPayload.TryParseName(message.DataType, out var type) ? type : WebPubSubDataType.Binary, message.Data);
}
