using System.Buffers;
using System.Text.Json;
using AgentPlatform.Agents;
using AgentPlatform.Functions.WebPubSub.Client;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Protocol.WebPubSub;

namespace AgentPlatform.Functions.WebPubSub.Agents;

/// <summary>
/// Where an agent's output goes when a Web PubSub client invoked it: each chunk and tool definition becomes a JSON
/// message to the caller's connection through the data plane (so it rides the connection's sequence numbers and
/// replay like any server message).
/// </summary>
public sealed class WebPubSubInvocationChannel(WebPubSubServiceClient service, string hub, string connectionId, string invocationId) : IInvocationChannel
{
    private int _seq;

    public int Chunks => Volatile.Read(ref _seq);

    public async ValueTask WriteChunkAsync(MsgPackValue data, CancellationToken cancellationToken)
    {
        var seq = Interlocked.Increment(ref _seq) - 1;
        var message = Write(json =>
        {
            json.WriteString("type", "chunk");
            json.WriteString("id", invocationId);
            json.WriteNumber("seq", seq);
            json.WritePropertyName("data");
            MsgPackJson.WriteJson(data, json);
        });
        await service.SendToConnectionAsync(hub, connectionId, message, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DefineToolsAsync(IReadOnlyList<ToolDefinition> tools, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var message = Write(json =>
        {
            json.WriteString("type", "tool_def");
            json.WriteString("id", invocationId);
            json.WriteStartArray("tools");
            foreach (var tool in tools)
            {
                json.WriteStartObject();
                json.WriteString("name", tool.Name);
                json.WriteString("description", tool.Description ?? "");
                json.WritePropertyName("schema");
                MsgPackJson.WriteJson(tool.Schema ?? MsgPackValue.Map(), json);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
        await service.SendToConnectionAsync(hub, connectionId, message, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<MsgPackValue> AskAsync(string kind, MsgPackValue data, CancellationToken cancellationToken) =>
        // A Web PubSub event is one request and one answer; there is no channel for the client to reply mid-way.
        throw new AgentException(AspErrorCodes.BadInput, "this agent asks the client a question, which Web PubSub invocations cannot answer");

    /// <summary>Writes one JSON object as a json payload.</summary>
    public static WebPubSubPayload Write(Action<Utf8JsonWriter> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        return new WebPubSubPayload(WebPubSubDataType.Json, buffer.WrittenMemory);
    }
}
