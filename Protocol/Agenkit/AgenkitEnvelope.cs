using System.Text.Json.Nodes;

namespace AgentPlatform.Protocol.Agenkit;

/// <summary>
/// One agenkit envelope: <c>{version, type, id, timestamp, payload}</c>. The payload stays a JSON object so
/// that fields this side does not know travel through untouched; <see cref="AgenkitRequest"/>, <see cref="AgenkitRegistration"/> and <see cref="AgenkitHeartbeat"/> read the known ones.
/// </summary>
/// <param name="Type">The envelope type.</param>
/// <param name="Id">The message id; responses, errors and stream frames carry the id of their request.</param>
/// <param name="Timestamp">ISO 8601 UTC text as sent (see <see cref="AgenkitProtocol.FormatTimestamp"/>).</param>
/// <param name="Payload">The type's payload object.</param>
public sealed record AgenkitEnvelope(AgenkitMessageType Type, string Id, string Timestamp, JsonObject Payload)
{
    /// <summary>The envelope version; always <see cref="AgenkitProtocol.Version"/> for envelopes that decoded.</summary>
    public string Version { get; init; } = AgenkitProtocol.Version;

    /// <summary>Builds an envelope stamped with <paramref name="time"/> (or now).</summary>
    public static AgenkitEnvelope Create(AgenkitMessageType type, string id, JsonObject payload, DateTimeOffset? time = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(payload);
        return new(type, id, AgenkitProtocol.FormatTimestamp(time ?? DateTimeOffset.UtcNow), payload);
    }

    /// <summary>An error envelope answering <paramref name="id"/>.</summary>
    public static AgenkitEnvelope ForError(string id, AgenkitError error, DateTimeOffset? time = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Create(AgenkitMessageType.Error, id, error.ToPayload(), time);
    }

    /// <summary>A response envelope carrying <paramref name="message"/>.</summary>
    public static AgenkitEnvelope ForResponse(string id, AgenkitMessage message, DateTimeOffset? time = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Create(AgenkitMessageType.Response, id, new JsonObject { ["message"] = message.ToJson() }, time);
    }

    /// <summary>A stream_chunk envelope carrying <paramref name="message"/>.</summary>
    public static AgenkitEnvelope ForStreamChunk(string id, AgenkitMessage message, DateTimeOffset? time = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Create(AgenkitMessageType.StreamChunk, id, new JsonObject { ["message"] = message.ToJson() }, time);
    }

    /// <summary>The stream_end envelope (empty payload) closing the stream of <paramref name="id"/>.</summary>
    public static AgenkitEnvelope ForStreamEnd(string id, DateTimeOffset? time = null) =>
        Create(AgenkitMessageType.StreamEnd, id, [], time);

    /// <summary>A request envelope for <c>process</c> or <c>stream</c>.</summary>
    public static AgenkitEnvelope ForRequest(string id, string method, string? agentName, AgenkitMessage message, DateTimeOffset? time = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(message);
        var payload = new JsonObject { ["method"] = method };
        if (agentName is not null) payload["agent_name"] = agentName;
        payload["message"] = message.ToJson();
        return Create(AgenkitMessageType.Request, id, payload, time);
    }
}
