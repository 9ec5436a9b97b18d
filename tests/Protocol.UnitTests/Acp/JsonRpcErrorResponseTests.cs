using System.Text;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Protocol.UnitTests.Acp;

/// <summary>
/// Every input the parser refuses, and the exact bytes of the error response the Relay sends for it. Where the ACP SDK
/// 2.4.0 server answers the same input, the bytes are the SDK's (dist/transports/ws-server.js, core/jsonrpc.js:
/// JSON.stringify of <c>{jsonrpc, id, error: {code, message}}</c>).
/// </summary>
public sealed class JsonRpcErrorResponseTests
{
    private const string ParseError = """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}""";
    private const string Batch = """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: JSON-RPC batches are not supported"}}""";
    private const string NotAnObject = """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request"}}""";

    public static TheoryData<string, string> Refused => new()
    {
        // Not JSON at all: -32700 with id null, as the SDK.
        { "{", ParseError },
        { "", ParseError },
        { " ", ParseError },
        { "{\"jsonrpc\":\"2.0\",}", ParseError },
        { "{\"jsonrpc\":\"2.0\"} {}", ParseError },
        { "// comment\n{}", ParseError },
        { "{'jsonrpc':'2.0'}", ParseError },
        { "nul", ParseError },
        { "{\"a\":1e99999}", """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: jsonrpc must be \"2.0\""}}""" },
        // Batches: one -32600 with id null, entries not processed, as the SDK.
        { "[]", Batch },
        { "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}]", Batch },
        { "[1,2", ParseError },
        // JSON, but not an object.
        { "5", NotAnObject },
        { "\"initialize\"", NotAnObject },
        { "null", NotAnObject },
        { "true", NotAnObject },
        // Ids JSON-RPC does not allow: the error cannot name them (id null).
        { "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"m\"}", """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: id must be a string, a number or null"}}""" },
        { "{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"m\"}", """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: id must be a string, a number or null"}}""" },
        { "{\"jsonrpc\":\"2.0\",\"id\":true,\"result\":1}", """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: id must be a string, a number or null"}}""" },
        // A wrong or missing version: the error carries the id when there is a valid one.
        { "{\"id\":1,\"method\":\"m\"}", """{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid request: jsonrpc must be \"2.0\""}}""" },
        { "{\"jsonrpc\":\"1.0\",\"id\":\"a\",\"method\":\"m\"}", """{"jsonrpc":"2.0","id":"a","error":{"code":-32600,"message":"Invalid request: jsonrpc must be \"2.0\""}}""" },
        { "{\"jsonrpc\":2.0,\"id\":null,\"method\":\"m\"}", """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: jsonrpc must be \"2.0\""}}""" },
        { "{\"jsonrpc\":\"2.0 \",\"method\":\"m\"}", """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: jsonrpc must be \"2.0\""}}""" },
        { "{}", """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: jsonrpc must be \"2.0\""}}""" },
        // Method and params.
        { "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":5}", """{"jsonrpc":"2.0","id":2,"error":{"code":-32600,"message":"Invalid request: method must be a string"}}""" },
        { "{\"jsonrpc\":\"2.0\",\"method\":null}", """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: method must be a string"}}""" },
        { "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"m\",\"params\":5}", """{"jsonrpc":"2.0","id":"x","error":{"code":-32600,"message":"Invalid request: params must be an object or an array"}}""" },
        { "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":null}", """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: params must be an object or an array"}}""" },
        { "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":\"p\"}", """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: params must be an object or an array"}}""" },
        // Neither a request nor a response.
        { "{\"jsonrpc\":\"2.0\"}", """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: neither a method nor an id"}}""" },
        { "{\"jsonrpc\":\"2.0\",\"result\":1}", """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: neither a method nor an id"}}""" },
        { "{\"jsonrpc\":\"2.0\",\"id\":1}", """{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid request: a response has exactly one of result and error"}}""" },
        { "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":1,\"error\":{\"code\":1,\"message\":\"m\"}}", """{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid request: a response has exactly one of result and error"}}""" },
        { "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":\"boom\"}", """{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid request: error must be an object with a numeric code"}}""" },
        { "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"message\":\"m\"}}", """{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid request: error must be an object with a numeric code"}}""" },
        { "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":\"-1\"}}", """{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid request: error must be an object with a numeric code"}}""" },
        // Ids are echoed as written: a big number keeps its digits, a string its text.
        { "{\"jsonrpc\":\"1\",\"id\":123456789012345678901234567890,\"method\":\"m\"}", """{"jsonrpc":"2.0","id":123456789012345678901234567890,"error":{"code":-32600,"message":"Invalid request: jsonrpc must be \"2.0\""}}""" },
        { "{\"jsonrpc\":\"1\",\"id\":-1.5e3,\"method\":\"m\"}", """{"jsonrpc":"2.0","id":-1.5e3,"error":{"code":-32600,"message":"Invalid request: jsonrpc must be \"2.0\""}}""" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_refused_input_gets_exactly_this_error_response(string input, string expected)
    {
        var result = JsonRpcParser.Parse(Encoding.UTF8.GetBytes(input));
        Assert.False(result.Success);
        Assert.Null(result.Message);
        var response = Assert.IsType<JsonRpcMessage>(result.ErrorResponse);
        Assert.Equal(JsonRpcKind.Response, response.Kind);
        Assert.True(response.IsError);
        Assert.Equal(expected, Encoding.UTF8.GetString(response.ToUtf8()));
        Assert.Equal(expected, response.ToString());
        // The string overload agrees with the bytes one.
        Assert.Equal(expected, Encoding.UTF8.GetString(JsonRpcParser.Parse(input).ErrorResponse!.ToUtf8()));
    }

    [Theory]
    [InlineData(new byte[] { 0xff })]
    [InlineData(new byte[] { 0x22, 0xed, 0xa0, 0x80, 0x22 })]                               // a UTF-8 encoded lone surrogate in a string
    [InlineData(new byte[] { 0xef, 0xbb, 0xbf, 0x7b, 0x7d })]                               // a BOM before {}
    [InlineData(new byte[] { 0x00 })]
    public void Invalid_UTF8_and_stray_bytes_are_a_parse_error_or_a_refusal_never_an_exception(byte[] input)
    {
        var result = JsonRpcParser.Parse(input);
        Assert.Null(result.Message);
        var code = (int)result.ErrorResponse!.Error!["code"]!;
        Assert.Contains(code, new[] { JsonRpcErrorCodes.ParseError, JsonRpcErrorCodes.InvalidRequest });
        Assert.Null(result.ErrorResponse.Id);
    }

    [Fact]
    public void Nesting_up_to_the_limit_parses_and_deeper_is_a_parse_error_not_a_stack_overflow()
    {
        static string Nested(int depth) =>
            "{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":" + new string('[', depth - 1) + new string(']', depth - 1) + "}";
        Assert.True(JsonRpcParser.Parse(Nested(JsonRpcParser.MaxDepth - 1)).Success);
        Assert.Equal(ParseError, JsonRpcParser.Parse(Nested(JsonRpcParser.MaxDepth + 1)).ErrorResponse!.ToString());
        Assert.Equal(ParseError, JsonRpcParser.Parse(new string('[', 100_000)).ErrorResponse!.ToString());
    }
}
