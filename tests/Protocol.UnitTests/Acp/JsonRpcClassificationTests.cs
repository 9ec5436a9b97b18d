using System.Text;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Protocol.UnitTests.Acp;

/// <summary>What the parser makes of valid messages: kind, id key, method, session, and the body kept byte for byte.</summary>
public sealed class JsonRpcClassificationTests
{
    public static TheoryData<string, JsonRpcKind, string?, string?, string?> Valid => new()
    {
        // input, kind, id key, method, session id
        { """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":1}}""", JsonRpcKind.Request, "n:1", "initialize", null },
        { """{"jsonrpc":"2.0","id":"1","method":"session/new","params":{"cwd":"/","mcpServers":[]}}""", JsonRpcKind.Request, "s:1", "session/new", null },
        { """{"jsonrpc":"2.0","id":null,"method":"m"}""", JsonRpcKind.Request, "null", "m", null },
        { """{"jsonrpc":"2.0","id":0,"method":"m","params":[]}""", JsonRpcKind.Request, "n:0", "m", null },
        { """{"jsonrpc":"2.0","id":-7,"method":"m"}""", JsonRpcKind.Request, "n:-7", "m", null },
        { """{"jsonrpc":"2.0","id":1.0,"method":"m"}""", JsonRpcKind.Request, "n:1.0", "m", null },
        { """{"jsonrpc":"2.0","id":1e3,"method":"m"}""", JsonRpcKind.Request, "n:1e3", "m", null },
        { """{"jsonrpc":"2.0","id":9223372036854775807,"method":"m"}""", JsonRpcKind.Request, "n:9223372036854775807", "m", null },
        { """{"jsonrpc":"2.0","id":9223372036854775808,"method":"m"}""", JsonRpcKind.Request, "n:9223372036854775808", "m", null },
        { """{"jsonrpc":"2.0","id":"","method":"m"}""", JsonRpcKind.Request, "s:", "m", null },
        { """{"jsonrpc":"2.0","id":"n:1","method":"m"}""", JsonRpcKind.Request, "s:n:1", "m", null },
        { """{"jsonrpc":"2.0","id":3,"method":"session/prompt","params":{"sessionId":"sess-1","prompt":[{"type":"text","text":"hi"}]}}""", JsonRpcKind.Request, "n:3", "session/prompt", "sess-1" },
        { """{"jsonrpc":"2.0","id":3,"method":"session/prompt","params":{"sessionId":5}}""", JsonRpcKind.Request, "n:3", "session/prompt", null },
        { """{"jsonrpc":"2.0","method":"session/cancel","params":{"sessionId":"sess-1"}}""", JsonRpcKind.Notification, null, "session/cancel", "sess-1" },
        { """{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s","update":{"sessionUpdate":"agent_message_chunk","content":{"type":"text","text":"x"}}}}""", JsonRpcKind.Notification, null, "session/update", "s" },
        { """{"jsonrpc":"2.0","method":"_agentplatform/ack","params":{"sessionId":"s","seq":4}}""", JsonRpcKind.Notification, null, "_agentplatform/ack", "s" },
        { """{"jsonrpc":"2.0","id":1,"result":{"stopReason":"end_turn"}}""", JsonRpcKind.Response, "n:1", null, null },
        { """{"jsonrpc":"2.0","id":"agent-1","result":null}""", JsonRpcKind.Response, "s:agent-1", null, null },
        { """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}""", JsonRpcKind.Response, "null", null, null },
        { """{"jsonrpc":"2.0","id":2,"error":{"code":-32002,"message":"Resource not found","data":{"sessionId":"s"}}}""", JsonRpcKind.Response, "n:2", null, null },
        // A response with a method is a request: the method decides.
        { """{"jsonrpc":"2.0","id":2,"method":"m","result":1}""", JsonRpcKind.Request, "n:2", "m", null },
        // Unknown fields travel (the Relay forwards what it does not understand).
        { """{"jsonrpc":"2.0","id":1,"method":"m","params":{"_meta":{"x":[1,{"y":null}]}},"extra":true}""", JsonRpcKind.Request, "n:1", "m", null },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void A_valid_message_is_classified_and_kept_byte_for_byte(string input, JsonRpcKind kind, string? idKey, string? method, string? sessionId)
    {
        var result = JsonRpcParser.Parse(Encoding.UTF8.GetBytes(input));
        Assert.True(result.Success);
        Assert.Null(result.ErrorResponse);
        var message = result.Message!;
        Assert.Equal(kind, message.Kind);
        Assert.Equal(idKey, message.IdKey);
        Assert.Equal(method, message.Method);
        Assert.Equal(sessionId, message.SessionId);
        Assert.Equal(kind == JsonRpcKind.Response && message.Body.ContainsKey("error"), message.IsError);
        Assert.Equal(input, Encoding.UTF8.GetString(message.ToUtf8()));
    }

    [Fact]
    public void Accessors_return_the_parts_of_the_body()
    {
        var request = JsonRpcParser.Parse("""{"jsonrpc":"2.0","id":4,"method":"m","params":{"sessionId":"s","a":1}}""").Message!;
        Assert.Equal("""{"sessionId":"s","a":1}""", request.Params!.ToJsonString());
        Assert.Null(request.Result);
        Assert.Null(request.Error);
        var failure = JsonRpcParser.Parse("""{"jsonrpc":"2.0","id":4,"error":{"code":-1,"message":"m","data":[1]}}""").Message!;
        Assert.Equal("""{"code":-1,"message":"m","data":[1]}""", failure.Error!.ToJsonString());
        Assert.Null(failure.Method);
        var success = JsonRpcParser.Parse("""{"jsonrpc":"2.0","id":4,"result":{"x":1}}""").Message!;
        Assert.Equal("""{"x":1}""", success.Result!.ToJsonString());
        Assert.False(success.IsError);
    }

    public static TheoryData<string, string?> IdKeys => new()
    {
        { "1", "n:1" },
        { "\"1\"", "s:1" },
        { "null", "null" },
        { "1.50", "n:1.50" },
        { "-0", "n:0" },
        { "\"\"", "s:" },
        { "true", null },
        { "{}", null },
        { "[]", null },
    };

    [Theory]
    [MemberData(nameof(IdKeys))]
    public void Id_keys_tell_numbers_from_strings(string idJson, string? key)
    {
        var id = JsonNode.Parse(idJson);
        Assert.Equal(key, JsonRpcIds.Key(id));
        Assert.Equal(key is not null, JsonRpcIds.IsValid(id));
    }

    [Fact]
    public void Ids_built_in_memory_key_like_parsed_ones()
    {
        Assert.Equal("n:1", JsonRpcIds.Key(JsonValue.Create(1)));
        Assert.Equal("n:1", JsonRpcIds.Key(JsonValue.Create(1L)));
        Assert.Equal("n:1.5", JsonRpcIds.Key(JsonValue.Create(1.5)));
        Assert.Equal("s:1", JsonRpcIds.Key(JsonValue.Create("1")));
        Assert.NotEqual(JsonRpcIds.Key(JsonValue.Create(1)), JsonRpcIds.Key(JsonValue.Create("1")));
        Assert.Null(JsonRpcIds.Key(JsonValue.Create(true)));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"m","params":{"a":[1,2]}}""", "\"c-7\"", """{"jsonrpc":"2.0","id":"c-7","method":"m","params":{"a":[1,2]}}""", "s:c-7")]
    [InlineData("""{"jsonrpc":"2.0","id":"x","result":{"stopReason":"end_turn"}}""", "12", """{"jsonrpc":"2.0","id":12,"result":{"stopReason":"end_turn"}}""", "n:12")]
    [InlineData("""{"jsonrpc":"2.0","id":5,"error":{"code":-32603,"message":"m"}}""", "null", """{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"m"}}""", "null")]
    [InlineData("""{"id":1,"jsonrpc":"2.0","method":"m"}""", "2", """{"id":2,"jsonrpc":"2.0","method":"m"}""", "n:2")]
    public void WithId_replaces_the_id_in_place_and_leaves_the_original_alone(string input, string newId, string expected, string expectedKey)
    {
        var original = JsonRpcParser.Parse(input).Message!;
        var copy = original.WithId(JsonNode.Parse(newId));
        Assert.Equal(expected, copy.ToString());
        Assert.Equal(expectedKey, copy.IdKey);
        Assert.Equal(original.Kind, copy.Kind);
        Assert.Equal(input, original.ToString());
        // The copy shares nothing: changing it leaves the original as it was.
        copy.Body["extra"] = 1;
        Assert.Equal(input, original.ToString());
    }

    [Fact]
    public void WithId_does_not_take_over_the_given_node()
    {
        var id = JsonNode.Parse("\"shared\"");
        var a = JsonRpcMessage.Request(1, "m").WithId(id);
        var b = JsonRpcMessage.Request(2, "m").WithId(id);
        Assert.Equal("s:shared", a.IdKey);
        Assert.Equal("s:shared", b.IdKey);
        Assert.Null(id!.Parent);
    }

    [Fact]
    public void Factories_write_exactly_what_the_SDK_writes()
    {
        Assert.Equal("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":1}}""",
            JsonRpcMessage.Request(0, AcpMethods.Initialize, new JsonObject { ["protocolVersion"] = 1 }).ToString());
        Assert.Equal("""{"jsonrpc":"2.0","id":"r","method":"m"}""", JsonRpcMessage.Request("r", "m").ToString());
        Assert.Equal("""{"jsonrpc":"2.0","method":"session/cancel","params":{"sessionId":"s"}}""",
            JsonRpcMessage.Notification(AcpMethods.SessionCancel, new JsonObject { ["sessionId"] = "s" }).ToString());
        Assert.Equal("""{"jsonrpc":"2.0","method":"m"}""", JsonRpcMessage.Notification("m").ToString());
        Assert.Equal("""{"jsonrpc":"2.0","id":1,"result":{}}""", JsonRpcMessage.Success(1, new JsonObject()).ToString());
        Assert.Equal("""{"jsonrpc":"2.0","id":1,"result":null}""", JsonRpcMessage.Success(1, null).ToString());
        Assert.Equal("""{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"Internal error"}}""",
            JsonRpcMessage.Failure(null, JsonRpcErrorCodes.InternalError, "Internal error").ToString());
        Assert.Equal("""{"jsonrpc":"2.0","id":"7","error":{"code":-32601,"message":"m","data":{"method":"x"}}}""",
            JsonRpcMessage.Failure("7", JsonRpcErrorCodes.MethodNotFound, "m", new JsonObject { ["method"] = "x" }).ToString());
        // RequestError.sessionNotFound(sessionId) in the SDK's core/jsonrpc.js.
        Assert.Equal("""{"jsonrpc":"2.0","id":3,"error":{"code":-32002,"message":"Resource not found","data":{"sessionId":"s-1"}}}""",
            JsonRpcMessage.SessionNotFound(3, "s-1").ToString());
        foreach (var made in new[] { JsonRpcMessage.Request(1, "m"), JsonRpcMessage.Notification("m"), JsonRpcMessage.Success(1, null), JsonRpcMessage.SessionNotFound(1, "s") })
        {
            var reparsed = JsonRpcParser.Parse(made.ToUtf8()).Message!;
            Assert.Equal(made.Kind, reparsed.Kind);
            Assert.Equal(made.ToString(), reparsed.ToString());
        }
    }

    [Fact]
    public void Error_codes_are_the_JSON_RPC_and_ACP_values()
    {
        Assert.Equal(
            [-32700, -32600, -32601, -32602, -32603, -32000, -32002, -32800],
            [JsonRpcErrorCodes.ParseError, JsonRpcErrorCodes.InvalidRequest, JsonRpcErrorCodes.MethodNotFound, JsonRpcErrorCodes.InvalidParams,
                JsonRpcErrorCodes.InternalError, JsonRpcErrorCodes.AuthRequired, JsonRpcErrorCodes.ResourceNotFound, JsonRpcErrorCodes.RequestCancelled]);
    }
}
