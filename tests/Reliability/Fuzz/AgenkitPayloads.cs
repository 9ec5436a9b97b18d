using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// The agenkit side of the fuzz: seeds (docs/protocol/agenkit.md's examples, as tests/Protocol.UnitTests/Agenkit
/// has them) and one body's full read as the Relay does it: decode, then the payload reader of its type, and on a
/// decode failure the error envelope it answers with, encoded.
/// </summary>
public static class AgenkitPayloads
{
    public static IReadOnlyList<byte[]> JsonSeeds { get; } =
    [
        .. FuzzTokens.Utf8(
            """{"version":"1.0","type":"request","id":"req-001","timestamp":"2025-11-08T12:34:56.789Z","payload":{"method":"process","agent_name":"my_agent","message":{"role":"user","content":"Hello, agent!","metadata":{},"timestamp":"2025-11-08T12:34:56.000Z"}}}""",
            """{"version":"1.0","type":"response","id":"req-001","timestamp":"2025-11-08T12:34:56.789Z","payload":{"message":{"role":"user","content":"Hello, agent!","metadata":{},"timestamp":"2025-11-08T12:34:56.000Z"}}}""",
            """{"version":"1.0","type":"error","id":"req-003","timestamp":"2025-11-08T12:34:56.789Z","payload":{"error_code":"AGENT_NOT_FOUND","error_message":"Agent 'unknown_agent' not found in registry","error_details":{"agent_name":"unknown_agent","available_agents":["agent1","agent2"]}}}""",
            """{"version":"1.0","type":"heartbeat","id":"hb-001","timestamp":"2025-11-08T12:34:56.789Z","payload":{"agent_name":"my_agent","status":"healthy"}}""",
            """{"version":"1.0","type":"register","id":"reg-001","timestamp":"2025-11-08T12:34:56.789Z","payload":{"agent_name":"my_agent","capabilities":{"streaming":true,"tools":["calculator","search"]},"endpoint":"unix:///tmp/agenkit/my_agent.sock","metadata":{"version":"1.0.0","description":"My custom agent"}}}""",
            """{"version":"1.0","type":"unregister","id":"unreg-001","timestamp":"2025-11-08T12:34:56.789Z","payload":{"agent_name":"my_agent"}}""",
            """{"version":"1.0","type":"request","id":"n1","payload":{"method":"negotiate","codecs":["msgpack","json"]}}""",
            """{"version":"1.0","type":"stream_end","id":"a","payload":{}}"""),
    ];

    public static IReadOnlyList<byte[]> MessagePackSeeds { get; } =
    [
        .. JsonSeeds.Select(s => AgenkitEnvelopeCodec.Decode(s).Envelope).OfType<AgenkitEnvelope>()
            .Select(e => AgenkitEnvelopeCodec.EncodeToArray(e, AgenkitCodec.MessagePack)),
    ];

    public static string[] Keys { get; } =
    [
        "version", "1.0", "type", "id", "timestamp", "payload", "method", "agent_name", "message", "role", "content", "metadata",
        "error_code", "error_message", "error_details", "status", "capabilities", "endpoint", "codecs", "request", "register",
        "heartbeat", "unregister", "stream_chunk", "stream_end", "negotiate", "process", "2025-11-08T12:34:56.789Z",
    ];

    /// <summary>True when the body decoded and its payload read; false for the error the Relay would answer with.</summary>
    public static bool Read(ReadOnlyMemory<byte> body, AgenkitCodec codec)
    {
        var decoded = AgenkitEnvelopeCodec.Decode(body, codec);
        if (decoded.Envelope is not { } envelope)
        {
            _ = AgenkitEnvelopeCodec.EncodeToArray(decoded.ToErrorEnvelope(), codec);
            return false;
        }
        var payload = envelope.Payload;
        switch (envelope.Type)
        {
            case AgenkitMessageType.Request:
                if (!AgenkitRequest.TryParse(payload, out var request, out _)) return false;
                if (request!.Method == AgenkitMethods.Negotiate) _ = AgenkitNegotiation.Choose(payload, messagePackEnabled: true);
                return AgenkitMessage.TryParse(payload["message"], out _, out _) || request.Method == AgenkitMethods.Negotiate;
            case AgenkitMessageType.Register:
                return AgenkitRegistration.TryParse(payload, out _, out _);
            case AgenkitMessageType.Heartbeat or AgenkitMessageType.Unregister:
                return AgenkitHeartbeat.TryParse(payload, out _, out _);
            case AgenkitMessageType.Response or AgenkitMessageType.StreamChunk:
                return AgenkitMessage.TryParse(payload["message"], out _, out _);
            case AgenkitMessageType.Error:
                _ = AgenkitError.FromPayload(payload);
                return true;
            default:
                _ = AgenkitEnvelopeCodec.EncodeToArray(envelope, codec);
                return true;
        }
    }
}
