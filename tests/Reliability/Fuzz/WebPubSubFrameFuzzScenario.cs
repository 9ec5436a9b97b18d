using AgentPlatform.Protocol.WebPubSub;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>Web PubSub client JSON frames into <see cref="WebPubSubJsonReader.TryParse(ReadOnlyMemory{byte}, out Protocol.WebPubSub.Requests.WebPubSubRequest?, out WebPubSubParseError)"/>: true or false, never a throw.</summary>
public sealed class WebPubSubFrameFuzzScenario : ParserFuzzScenario
{
    public override string Dialect => "web-pubsub";

    public override string Name => "fuzz-webpubsub-json";

    protected override FuzzFormat Format => new()
    {
        Name = "webpubsub-json",
        // From tests/WebPubSub.UnitTests (the reader's exact-frame tests).
        Seeds =
        [
            .. FuzzTokens.Utf8(
                """{"type":"joinGroup","group":"g1","ackId":1}""",
                """{"type":"leaveGroup","group":"g1","ackId":2}""",
                """{"type":"sendToGroup","group":"g1","ackId":3,"noEcho":false,"dataType":"json","data":{"hello":"world","a":[1,2,{"b":null}]}}""",
                """{"type":"sendToGroup","group":"g","dataType":"binary","data":"aGVsbG8="}""",
                """{"type":"event","event":"chat","ackId":4,"dataType":"text","data":"hi \u00e9"}""",
                """{"type":"event","event":"e","dataType":"protobuf","data":"AQID"}""",
                """{"type":"sequenceAck","sequenceId":5}""",
                """{"type":"sequenceAck","sequenceId":18446744073709551615}""",
                """{"type":"ping"}""",
                """{"type":"invoke","invocationId":"i1","target":"event","event":"e","dataType":"json","data":{"q":1}}""",
                """{"type":"cancelInvocation","invocationId":"i1"}""",
                """{"type":"invoke","invocationId":"i2","target":"other"}"""),
        ],
        Tokens = FuzzTokens.Json("type", "group", "ackId", "noEcho", "dataType", "data", "event", "sequenceId", "invocationId", "target",
            "joinGroup", "leaveGroup", "sendToGroup", "sequenceAck", "json", "text", "binary", "protobuf", "invoke", "AA==", "===", "A"),
        Parse = input => WebPubSubJsonReader.TryParse((ReadOnlyMemory<byte>)input, out _, out _),
    };
}
