using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Protocol.UnitTests.Agenkit;

/// <summary>The payload readers: request, message, register, heartbeat, error, and the codec negotiation.</summary>
public class AgenkitPayloadTests
{
    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    [Theory]
    [InlineData("""{"method":"process","agent_name":"echo","message":{"role":"user","content":"hi"}}""", true, null)]
    [InlineData("""{"method":"stream","message":{"role":"user","content":"hi"}}""", true, null)]
    [InlineData("""{"agent_name":"echo"}""", false, "method")]
    [InlineData("""{"method":5}""", false, "method")]
    [InlineData("""{"method":"process","agent_name":["x"]}""", false, "agent_name")]
    public void Requests_need_a_string_method(string payload, bool ok, string? field)
    {
        Assert.Equal(ok, AgenkitRequest.TryParse(Obj(payload), out var request, out var error));
        if (ok)
        {
            Assert.NotNull(request);
        }
        else
        {
            Assert.Equal(AgenkitErrorCodes.MalformedPayload, error!.Code);
            Assert.Equal(field, error.Details!["field"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("""{"role":"user","content":"hi"}""", null)]
    [InlineData("""{"role":"user","content":{"parts":[1]},"metadata":{"k":1},"timestamp":"2025-11-08T12:34:56.000Z"}""", null)]
    [InlineData("""{"role":"user","content":null}""", null)]
    [InlineData("""{"content":"hi"}""", "message.role")]
    [InlineData("""{"role":"user"}""", "message.content")]
    [InlineData("""{"role":"user","content":"hi","metadata":[]}""", "message.metadata")]
    [InlineData("""{"role":"user","content":"hi","timestamp":1}""", "message.timestamp")]
    [InlineData("\"hi\"", "message")]
    public void Messages_need_a_role_and_content(string message, string? field)
    {
        var ok = AgenkitMessage.TryParse(JsonNode.Parse(message), out var parsed, out var error);
        Assert.Equal(field is null, ok);
        if (ok) Assert.Equal("user", parsed!.Role);
        else Assert.Equal(field, error!.Details!["field"]!.GetValue<string>());
    }

    [Fact]
    public void Content_text_is_the_string_or_compact_json()
    {
        Assert.Equal("hi", AgenkitMessage.Text("user", "hi").ContentText);
        Assert.Equal("{\"a\":1}", new AgenkitMessage("user", new JsonObject { ["a"] = 1 }, [], "").ContentText);
        Assert.Equal("", new AgenkitMessage("user", null, [], "").ContentText);
    }

    [Fact]
    public void Registration_needs_a_name_and_an_endpoint()
    {
        Assert.True(AgenkitRegistration.TryParse(Obj("""{"agent_name":"a","endpoint":"tcp://127.0.0.1:1"}"""), out var r, out _));
        Assert.Equal("tcp://127.0.0.1:1", r!.Endpoint);
        Assert.Empty(r.Capabilities);
        Assert.False(AgenkitRegistration.TryParse(Obj("""{"agent_name":"a"}"""), out _, out var e1));
        Assert.Equal("endpoint", e1!.Details!["field"]!.GetValue<string>());
        Assert.False(AgenkitRegistration.TryParse(Obj("""{"agent_name":"a","endpoint":"x","capabilities":true}"""), out _, out var e2));
        Assert.Equal("capabilities", e2!.Details!["field"]!.GetValue<string>());
    }

    [Fact]
    public void Heartbeat_status_defaults_to_healthy()
    {
        Assert.True(AgenkitHeartbeat.TryParse(Obj("""{"agent_name":"a"}"""), out var h, out _));
        Assert.Equal(AgenkitHeartbeat.Healthy, h!.Status);
        Assert.False(AgenkitHeartbeat.TryParse(Obj("""{"status":"healthy"}"""), out _, out _));
    }

    [Fact]
    public void Error_payloads_read_back_and_default_like_agenkit()
    {
        var error = AgenkitError.FromPayload(new AgenkitError(AgenkitErrorCodes.AgentTimeout, "slow", new JsonObject { ["reason"] = "r" }).ToPayload());
        Assert.Equal(AgenkitErrorCodes.AgentTimeout, error.Code);
        Assert.Equal("r", error.Reason);
        var empty = AgenkitError.FromPayload([]);
        Assert.Equal(AgenkitErrorCodes.InternalError, empty.Code);
        Assert.Equal("Unknown error", empty.Message);
        Assert.Equal("{}", new AgenkitError("X", "y").ToPayload()["error_details"]!.ToJsonString());
    }

    [Theory]
    [InlineData(AgenkitErrorCodes.ConnectionFailed, true)]
    [InlineData(AgenkitErrorCodes.AgentTimeout, true)]
    [InlineData(AgenkitErrorCodes.AgentUnavailable, true)]
    [InlineData(AgenkitErrorCodes.AgentNotFound, false)]
    [InlineData(AgenkitErrorCodes.MalformedPayload, false)]
    [InlineData(null, false)]
    public void Retryable_codes(string? code, bool retryable) => Assert.Equal(retryable, AgenkitErrorCodes.IsRetryable(code));

    [Fact]
    public void Negotiation_picks_MessagePack_only_when_offered_and_enabled()
    {
        var offer = AgenkitNegotiation.CreateRequest("n", [AgenkitCodec.MessagePack, AgenkitCodec.Json]);
        Assert.Equal("""{"method":"negotiate","codecs":["msgpack","json"]}""", offer.Payload.ToJsonString());
        Assert.Equal(AgenkitCodec.MessagePack, AgenkitNegotiation.Choose(offer.Payload, messagePackEnabled: true));
        Assert.Equal(AgenkitCodec.Json, AgenkitNegotiation.Choose(offer.Payload, messagePackEnabled: false));
        Assert.Equal(AgenkitCodec.Json, AgenkitNegotiation.Choose(Obj("""{"method":"negotiate","codecs":"msgpack"}"""), true));
        Assert.Equal(AgenkitCodec.Json, AgenkitNegotiation.Choose(Obj("""{"method":"negotiate","codecs":["json"]}"""), true));
        Assert.Equal(AgenkitCodec.MessagePack, AgenkitNegotiation.ReadAnswer(AgenkitNegotiation.CreateResponse("n", AgenkitCodec.MessagePack)));
        Assert.Equal(AgenkitCodec.Json, AgenkitNegotiation.ReadAnswer(AgenkitNegotiation.CreateResponse("n", AgenkitCodec.Json)));
        // An agenkit server that does not know the method answers with an error: the connection stays on JSON.
        Assert.Equal(AgenkitCodec.Json, AgenkitNegotiation.ReadAnswer(AgenkitEnvelope.ForError("n", new AgenkitError(AgenkitErrorCodes.InvalidMessage, "Unknown method: negotiate"))));
    }
}
