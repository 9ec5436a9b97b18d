using System.Text;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Protocol.UnitTests.Support;

namespace AgentPlatform.Protocol.UnitTests.Agenkit;

/// <summary>Every envelope type, encoded to exact bytes and decoded back, framed and unframed.</summary>
public class AgenkitEncodingTests
{
    private static readonly DateTimeOffset T = new(2025, 11, 8, 12, 34, 56, 789, TimeSpan.Zero);

    private static AgenkitMessage Hello => new("user", JsonValue.Create("Hello, agent!"), [], "2025-11-08T12:34:56.000Z");

    public static TheoryData<string, string> Table() => new()
    {
        {
            "request",
            """{"version":"1.0","type":"request","id":"req-001","timestamp":"2025-11-08T12:34:56.789Z","payload":{"method":"process","agent_name":"my_agent","message":{"role":"user","content":"Hello, agent!","metadata":{},"timestamp":"2025-11-08T12:34:56.000Z"}}}"""
        },
        {
            "response",
            """{"version":"1.0","type":"response","id":"req-001","timestamp":"2025-11-08T12:34:56.789Z","payload":{"message":{"role":"user","content":"Hello, agent!","metadata":{},"timestamp":"2025-11-08T12:34:56.000Z"}}}"""
        },
        {
            "error",
            """{"version":"1.0","type":"error","id":"req-003","timestamp":"2025-11-08T12:34:56.789Z","payload":{"error_code":"AGENT_NOT_FOUND","error_message":"Agent 'unknown_agent' not found in registry","error_details":{"agent_name":"unknown_agent","available_agents":["agent1","agent2"]}}}"""
        },
        {
            "heartbeat",
            """{"version":"1.0","type":"heartbeat","id":"hb-001","timestamp":"2025-11-08T12:34:56.789Z","payload":{"agent_name":"my_agent","status":"healthy"}}"""
        },
        {
            "register",
            """{"version":"1.0","type":"register","id":"reg-001","timestamp":"2025-11-08T12:34:56.789Z","payload":{"agent_name":"my_agent","capabilities":{"streaming":true,"tools":["calculator","search"]},"endpoint":"unix:///tmp/agenkit/my_agent.sock","metadata":{"version":"1.0.0","description":"My custom agent"}}}"""
        },
        {
            "unregister",
            """{"version":"1.0","type":"unregister","id":"unreg-001","timestamp":"2025-11-08T12:34:56.789Z","payload":{"agent_name":"my_agent"}}"""
        },
        {
            "stream_chunk",
            """{"version":"1.0","type":"stream_chunk","id":"req-004","timestamp":"2025-11-08T12:34:56.789Z","payload":{"message":{"role":"user","content":"Hello, agent!","metadata":{},"timestamp":"2025-11-08T12:34:56.000Z"}}}"""
        },
        {
            "stream_end",
            """{"version":"1.0","type":"stream_end","id":"req-004","timestamp":"2025-11-08T12:34:56.789Z","payload":{}}"""
        },
    };

    private static AgenkitEnvelope Build(string name) => name switch
    {
        "request" => AgenkitEnvelope.ForRequest("req-001", AgenkitMethods.Process, "my_agent", Hello, T),
        "response" => AgenkitEnvelope.ForResponse("req-001", Hello, T),
        "error" => AgenkitEnvelope.ForError("req-003", new AgenkitError(AgenkitErrorCodes.AgentNotFound, "Agent 'unknown_agent' not found in registry",
            new JsonObject { ["agent_name"] = "unknown_agent", ["available_agents"] = new JsonArray("agent1", "agent2") }), T),
        "heartbeat" => AgenkitEnvelope.Create(AgenkitMessageType.Heartbeat, "hb-001", new AgenkitHeartbeat("my_agent", "healthy").ToPayload(), T),
        "register" => AgenkitEnvelope.Create(AgenkitMessageType.Register, "reg-001", new AgenkitRegistration("my_agent", "unix:///tmp/agenkit/my_agent.sock",
            new JsonObject { ["streaming"] = true, ["tools"] = new JsonArray("calculator", "search") },
            new JsonObject { ["version"] = "1.0.0", ["description"] = "My custom agent" }).ToPayload(), T),
        "unregister" => AgenkitEnvelope.Create(AgenkitMessageType.Unregister, "unreg-001", new JsonObject { ["agent_name"] = "my_agent" }, T),
        "stream_chunk" => AgenkitEnvelope.ForStreamChunk("req-004", Hello, T),
        "stream_end" => AgenkitEnvelope.ForStreamEnd("req-004", T),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_type_encodes_to_exact_bytes(string name, string json)
    {
        Assert.Equal(json, Encoding.UTF8.GetString(AgenkitEnvelopeCodec.EncodeToArray(Build(name))));
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_type_decodes_and_reencodes_to_the_same_bytes(string name, string json)
    {
        var result = AgenkitEnvelopeCodec.Decode(Encoding.UTF8.GetBytes(json));
        Assert.True(result.Success, result.Error?.Message);
        Assert.Equal(name, AgenkitMessageTypes.ToWire(result.Envelope!.Type));
        Assert.Equal("2025-11-08T12:34:56.789Z", result.Envelope.Timestamp);
        Assert.Equal(json, Encoding.UTF8.GetString(AgenkitEnvelopeCodec.EncodeToArray(result.Envelope)));
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_type_frames_with_a_big_endian_length_and_reads_back_across_segments(string name, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var frame = AgenkitFraming.ToFrame(Build(name));
        Assert.Equal(body.Length + 4, frame.Length);
        Assert.Equal(new byte[] { (byte)(body.Length >> 24), (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length }, frame[..4]);
        Assert.Equal(body, frame[4..]);
        foreach (var segment in new[] { 1, 3, 7, 64 })
        {
            var two = frame.Concat(frame).ToArray();
            var buffer = Segments.Split(two, segment);
            for (var i = 0; i < 2; i++)
            {
                Assert.Equal(AgenkitFrameStatus.Complete, AgenkitFraming.TryReadFrame(ref buffer, AgenkitProtocol.DefaultMaxFrameBytes, out var read, out var length));
                Assert.Equal(body.Length, length);
                var decoded = AgenkitEnvelopeCodec.Decode(read);
                Assert.True(decoded.Success);
                Assert.Equal(json, Encoding.UTF8.GetString(AgenkitEnvelopeCodec.EncodeToArray(decoded.Envelope!)));
            }
            Assert.Equal(0, buffer.Length);
        }
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_type_round_trips_through_MessagePack(string name, string json)
    {
        var envelope = Build(name);
        var packed = AgenkitEnvelopeCodec.EncodeToArray(envelope, AgenkitCodec.MessagePack);
        Assert.Equal(0x85, packed[0]);   // a fixmap of the five envelope keys
        var result = AgenkitEnvelopeCodec.Decode(packed, AgenkitCodec.MessagePack);
        Assert.True(result.Success, result.Error?.Message);
        Assert.Equal(json, Encoding.UTF8.GetString(AgenkitEnvelopeCodec.EncodeToArray(result.Envelope!)));
    }

    [Fact]
    public void The_stream_end_MessagePack_bytes_are_exact()
    {
        var packed = AgenkitEnvelopeCodec.EncodeToArray(AgenkitEnvelope.ForStreamEnd("a", T), AgenkitCodec.MessagePack);
        var expected = "85 a7 76 65 72 73 69 6f 6e a3 31 2e 30 a4 74 79 70 65 aa 73 74 72 65 61 6d 5f 65 6e 64 a2 69 64 a1 61 "
            + "a9 74 69 6d 65 73 74 61 6d 70 b8 32 30 32 35 2d 31 31 2d 30 38 54 31 32 3a 33 34 3a 35 36 2e 37 38 39 5a "
            + "a7 70 61 79 6c 6f 61 64 80";
        Assert.Equal(expected, Hex.Format(packed));
    }

    [Fact]
    public void The_spec_example_frame_is_exact()
    {
        var frame = AgenkitFraming.ToFrame(AgenkitEnvelope.ForStreamEnd("a", T));
        Assert.Equal("00 00 00 62", Hex.Format(frame.AsSpan(0, 4)));
        Assert.Equal(98, frame.Length - 4);
    }

    [Fact]
    public void Non_ASCII_text_is_written_as_UTF8_not_escaped()
    {
        var bytes = AgenkitEnvelopeCodec.EncodeToArray(AgenkitEnvelope.ForResponse("x", AgenkitMessage.Text("agent", "héllo ✓", T), T));
        Assert.Contains("\"content\":\"héllo ✓\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamps_are_UTC_with_milliseconds_and_Z()
    {
        Assert.Equal("2025-11-08T10:34:56.789Z", AgenkitProtocol.FormatTimestamp(new DateTimeOffset(2025, 11, 8, 12, 34, 56, 789, TimeSpan.FromHours(2))));
    }

    [Fact]
    public void Unknown_payload_fields_and_a_missing_timestamp_are_tolerated()
    {
        var result = AgenkitEnvelopeCodec.Decode("""{"version":"1.0","type":"stream_end","id":"a","payload":{"x":[1,2]},"extra":true}"""u8.ToArray());
        Assert.True(result.Success);
        Assert.Equal("", result.Envelope!.Timestamp);
        Assert.Equal("[1,2]", result.Envelope.Payload["x"]!.ToJsonString());
    }
}
