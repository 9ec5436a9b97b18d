using System.Text;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Protocol.UnitTests.Agenkit;

/// <summary>Each way a body can fail, with the code, reason, field and answering id it must give.</summary>
public class AgenkitDecodeErrorTests
{
    public static TheoryData<string, string, string, string?, string> Table() => new()
    {
        // body, code, reason, field, id answered
        { "not json", AgenkitErrorCodes.MalformedPayload, AgenkitErrorReasons.InvalidJson, null, "unknown" },
        { "", AgenkitErrorCodes.MalformedPayload, AgenkitErrorReasons.InvalidJson, null, "unknown" },
        { """{"version":"1.0",}""", AgenkitErrorCodes.MalformedPayload, AgenkitErrorReasons.InvalidJson, null, "unknown" },
        { """{"version":"1.0","version":"1.0","type":"stream_end","id":"a","payload":{}}""", AgenkitErrorCodes.MalformedPayload, AgenkitErrorReasons.InvalidJson, null, "unknown" },
        { new string('[', 100) + new string(']', 100), AgenkitErrorCodes.MalformedPayload, AgenkitErrorReasons.InvalidJson, null, "unknown" },
        // Escaped lone surrogates (found by tests/Reliability fuzz-agenkit-envelopes): valid JSON syntax, but not a string.
        { """{"version":"1.0","type":"request","id":"n1","payload":{"\ud800":"negotiate","codecs":["msgpack","json"]}}""", AgenkitErrorCodes.MalformedPayload, AgenkitErrorReasons.InvalidJson, null, "unknown" },
        { """{"\udc00x":"1.0","type":"error","id":"req-003","payload":{}}""", AgenkitErrorCodes.MalformedPayload, AgenkitErrorReasons.InvalidJson, null, "unknown" },
        { """{"version":"1.0","type":"request","id":"a","payload":{"method":"process","message":{"role":"user","content":"\ud800\u0041"}}}""", AgenkitErrorCodes.MalformedPayload, AgenkitErrorReasons.InvalidJson, null, "unknown" },
        { "[1,2]", AgenkitErrorCodes.InvalidMessage, AgenkitErrorReasons.NotAnObject, null, "unknown" },
        { "\"text\"", AgenkitErrorCodes.InvalidMessage, AgenkitErrorReasons.NotAnObject, null, "unknown" },
        { """{"type":"request","id":"a","payload":{}}""", AgenkitErrorCodes.InvalidMessage, AgenkitErrorReasons.MissingField, "version", "a" },
        { """{"version":"2.0","type":"request","id":"a","payload":{}}""", AgenkitErrorCodes.UnsupportedVersion, AgenkitErrorReasons.UnsupportedVersion, null, "a" },
        { """{"version":1.0,"type":"request","id":"a","payload":{}}""", AgenkitErrorCodes.UnsupportedVersion, AgenkitErrorReasons.UnsupportedVersion, null, "a" },
        { """{"version":"1.0","id":"a","payload":{}}""", AgenkitErrorCodes.InvalidMessage, AgenkitErrorReasons.MissingField, "type", "a" },
        { """{"version":"1.0","type":"ping","id":"a","payload":{}}""", AgenkitErrorCodes.InvalidMessage, AgenkitErrorReasons.UnknownType, null, "a" },
        { """{"version":"1.0","type":"Request","id":"a","payload":{}}""", AgenkitErrorCodes.InvalidMessage, AgenkitErrorReasons.UnknownType, null, "a" },
        { """{"version":"1.0","type":7,"id":"a","payload":{}}""", AgenkitErrorCodes.InvalidMessage, AgenkitErrorReasons.UnknownType, null, "a" },
        { """{"version":"1.0","type":"request","payload":{}}""", AgenkitErrorCodes.InvalidMessage, AgenkitErrorReasons.MissingField, "id", "unknown" },
        { """{"version":"1.0","type":"request","id":5,"payload":{}}""", AgenkitErrorCodes.InvalidMessage, AgenkitErrorReasons.InvalidField, "id", "unknown" },
        { """{"version":"1.0","type":"request","id":"a"}""", AgenkitErrorCodes.InvalidMessage, AgenkitErrorReasons.MissingField, "payload", "a" },
        { """{"version":"1.0","type":"request","id":"a","payload":[]}""", AgenkitErrorCodes.InvalidMessage, AgenkitErrorReasons.InvalidField, "payload", "a" },
        { """{"version":"1.0","type":"request","id":"a","payload":{},"timestamp":5}""", AgenkitErrorCodes.InvalidMessage, AgenkitErrorReasons.InvalidField, "timestamp", "a" },
    };

    [Fact]
    public void An_escaped_surrogate_pair_still_decodes()
    {
        var result = AgenkitEnvelopeCodec.Decode("""{"version":"1.0","type":"request","id":"a","payload":{"method":"process","message":{"role":"user","content":"\ud83d\ude00 ok","metadata":{}}}}"""u8.ToArray());
        Assert.True(result.Success);
        Assert.True(AgenkitMessage.TryParse(result.Envelope!.Payload["message"], out var message, out _));
        Assert.Equal("\U0001F600 ok", message!.ContentText);
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_fault_has_its_code_reason_and_id(string body, string code, string reason, string? field, string id)
    {
        var result = AgenkitEnvelopeCodec.Decode(Encoding.UTF8.GetBytes(body));
        Assert.False(result.Success);
        Assert.Equal(code, result.Error!.Code);
        Assert.Equal(reason, result.Error.Reason);
        Assert.Equal(field, result.Error.Details?["field"]?.GetValue<string>());
        Assert.Equal(id, result.ErrorId);
        var envelope = result.ToErrorEnvelope();
        Assert.Equal(AgenkitMessageType.Error, envelope.Type);
        Assert.Equal(id, envelope.Id);
        Assert.Equal(code, envelope.Payload["error_code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(envelope.Payload["error_message"]!.GetValue<string>()));
    }

    [Fact]
    public void Invalid_UTF8_is_its_own_reason_even_inside_a_string()
    {
        var body = Encoding.UTF8.GetBytes("""{"version":"1.0","type":"stream_end","id":"a","payload":{"x":"__"}}""");
        var at = Array.IndexOf(body, (byte)'_');
        body[at] = 0xC3;   // a lead byte followed by '_' is not UTF-8
        var result = AgenkitEnvelopeCodec.Decode(body);
        Assert.Equal(AgenkitErrorCodes.MalformedPayload, result.Error!.Code);
        Assert.Equal(AgenkitErrorReasons.InvalidUtf8, result.Error.Reason);
        body[at] = 0xFF;
        Assert.Equal(AgenkitErrorReasons.InvalidUtf8, AgenkitEnvelopeCodec.Decode(body).Error!.Reason);
    }

    [Fact]
    public void The_unsupported_version_is_echoed_with_the_supported_one()
    {
        var error = AgenkitEnvelopeCodec.Decode("""{"version":"0.9","type":"request","id":"a","payload":{}}"""u8.ToArray()).Error!;
        Assert.Equal("\"0.9\"", error.Details!["version"]!.ToJsonString());
        Assert.Equal("[\"1.0\"]", error.Details["supported"]!.ToJsonString());
    }

    [Fact]
    public void Garbage_under_MessagePack_is_MALFORMED_PAYLOAD_and_a_non_map_is_INVALID_MESSAGE()
    {
        Assert.Equal(AgenkitErrorReasons.InvalidMessagePack, AgenkitEnvelopeCodec.Decode(new byte[] { 0xc1 }, AgenkitCodec.MessagePack).Error!.Reason);
        Assert.Equal(AgenkitErrorReasons.InvalidMessagePack, AgenkitEnvelopeCodec.Decode(new byte[] { 0x85, 0xa1 }, AgenkitCodec.MessagePack).Error!.Reason);
        Assert.Equal(AgenkitErrorReasons.NotAnObject, AgenkitEnvelopeCodec.Decode(new byte[] { 0x92, 0x01, 0x02 }, AgenkitCodec.MessagePack).Error!.Reason);
        // JSON text sent after MessagePack was negotiated is not MessagePack.
        Assert.False(AgenkitEnvelopeCodec.Decode("""{"version":"1.0"}"""u8.ToArray(), AgenkitCodec.MessagePack).Success);
    }
}
