using System.Buffers;
using AgentPlatform.Protocol.Functions;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// Relay → Functions bodies: the invoke request (<see cref="InvokeRequestBody.Parse"/>) and the reply
/// (<see cref="ReplyBody.Parse"/>); both read every input, only <see cref="FunctionProtocolException"/> may escape.
/// </summary>
public sealed class FunctionsBodyFuzzScenario : ParserFuzzScenario
{
    public override string Dialect => "relay-functions";

    public override string Name => "fuzz-functions-bodies";

    protected override FuzzFormat Format => new()
    {
        Name = "functions-bodies",
        Seeds =
        [
            new InvokeRequestBody("c-1", "s-1", "1", MsgPackValue.Map(("text", "hi")), "u1", 30000).ToBytes(),
            new InvokeRequestBody("c-2", "s-2", "7", "plain").ToBytes(),
            new ReplyBody("c-1", "s-1", MsgPackValue.Map(("allow", true))).ToBytes(),
            new ReplyBody("c-3", "s-3", MsgPackValue.Nil).ToBytes(),
        ],
        Tokens = FuzzTokens.MessagePack("cid", "session", "id", "input", "user", "timeoutMs", "data", "rid"),
        Parse = input =>
        {
            var body = new ReadOnlySequence<byte>(input);
            bool invoke, reply;
            try
            {
                _ = InvokeRequestBody.Parse(body);
                invoke = true;
            }
            catch (FunctionProtocolException)
            {
                invoke = false;
            }
            try
            {
                _ = ReplyBody.Parse(body);
                reply = true;
            }
            catch (FunctionProtocolException)
            {
                reply = false;
            }
            return invoke || reply;
        },
    };
}
