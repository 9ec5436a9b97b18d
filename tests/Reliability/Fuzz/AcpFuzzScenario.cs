using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>ACP JSON-RPC messages into <see cref="JsonRpcParser.Parse(ReadOnlySpan{byte})"/>: a message or the error response to send, never a throw.</summary>
public sealed class AcpFuzzScenario : ParserFuzzScenario
{
    public override string Dialect => "acp";

    public override string Name => "fuzz-acp-jsonrpc";

    protected override FuzzFormat Format => new()
    {
        Name = "acp-jsonrpc",
        // From tests/Protocol.UnitTests/Acp (JsonRpcClassificationTests).
        Seeds =
        [
            .. FuzzTokens.Utf8(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":1}}""",
                """{"jsonrpc":"2.0","id":"1","method":"session/new","params":{"cwd":"/","mcpServers":[]}}""",
                """{"jsonrpc":"2.0","id":null,"method":"m"}""",
                """{"jsonrpc":"2.0","id":0,"method":"m","params":[]}""",
                """{"jsonrpc":"2.0","id":1e3,"method":"m"}""",
                """{"jsonrpc":"2.0","id":9223372036854775807,"method":"m"}""",
                """{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s","update":{"sessionUpdate":"agent_message_chunk","content":{"type":"text","text":"hi"}}}}""",
                """{"jsonrpc":"2.0","id":2,"result":{"stopReason":"end_turn"}}""",
                """{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"Method not found","data":{"x":1}}}""",
                """{"jsonrpc":"2.0","id":4,"method":"session/prompt","params":{"sessionId":"s","prompt":[{"type":"text","text":"hello"}]}}"""),
        ],
        Tokens = FuzzTokens.Json("jsonrpc", "2.0", "id", "method", "params", "result", "error", "code", "message", "data", "sessionId", "prompt"),
        Parse = input =>
        {
            var result = JsonRpcParser.Parse(input);
            if (result.Success) return true;
            return result.ErrorResponse is not null ? false : throw new InvalidOperationException("neither a message nor an error response");
        },
    };
}
