using System.Text;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.Messages;

namespace AgentPlatform.WebPubSub.UnitTests.Protocol;

/// <summary>Exact bytes of every service frame (docs/protocol/webpubsub.md §4).</summary>
public class JsonWriterTests
{
    private static WebPubSubPayload Json(string raw) => new(WebPubSubDataType.Json, Encoding.UTF8.GetBytes(raw));

    public static TheoryData<WebPubSubMessage, string> Frames => new()
    {
        { new AckMessage(3, true), """{"type":"ack","ackId":3,"success":true}""" },
        { new AckMessage(4, false, "Forbidden", "no"), """{"type":"ack","ackId":4,"success":false,"error":{"name":"Forbidden","message":"no"}}""" },
        { new AckMessage(5, false, "Duplicate"), """{"type":"ack","ackId":5,"success":false,"error":{"name":"Duplicate","message":""}}""" },
        { new GroupDataMessage("g1", "u1", Json("""{"hello":"world"}"""), 7),
            """{"type":"message","from":"group","group":"g1","fromUserId":"u1","dataType":"json","data":{"hello":"world"},"sequenceId":7}""" },
        { new GroupDataMessage("g1", null, WebPubSubPayload.FromText("héllo \"q\" <b>")),
            """{"type":"message","from":"group","group":"g1","dataType":"text","data":"héllo \"q\" <b>"}""" },
        { new ServerDataMessage(new WebPubSubPayload(WebPubSubDataType.Binary, "hello"u8.ToArray()), 8),
            """{"type":"message","from":"server","dataType":"binary","data":"aGVsbG8=","sequenceId":8}""" },
        { new ServerDataMessage(Json("42")), """{"type":"message","from":"server","dataType":"json","data":42}""" },
        { new ConnectedMessage("c1", "u1", "tok"), """{"type":"system","event":"connected","userId":"u1","connectionId":"c1","reconnectionToken":"tok"}""" },
        { new ConnectedMessage("c1", null), """{"type":"system","event":"connected","connectionId":"c1"}""" },
        { new DisconnectedMessage("bye"), """{"type":"system","event":"disconnected","message":"bye"}""" },
        { PongMessage.Instance, """{"type":"pong"}""" },
        { new InvokeResponseMessage("7", true, WebPubSubPayload.FromText("ok")), """{"type":"invokeResponse","invocationId":"7","success":true,"dataType":"text","data":"ok"}""" },
        { new InvokeResponseMessage("8", false, null, "InternalServerError", "boom"),
            """{"type":"invokeResponse","invocationId":"8","success":false,"error":{"name":"InternalServerError","message":"boom"}}""" },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void Writes_exact_bytes(WebPubSubMessage message, string expected) =>
        Assert.Equal(expected, Encoding.UTF8.GetString(WebPubSubJsonWriter.ToArray(message)));

    [Fact]
    public void A_parsed_payload_is_written_back_unchanged()
    {
        var frame = """{"type":"sendToGroup","group":"g","dataType":"json","data":[1,{"a":"\u00e9"},null]}""";
        Assert.True(WebPubSubJsonReader.TryParse(JsonReaderTests.Seq(frame), out var request, out _));
        var payload = ((AgentPlatform.Protocol.WebPubSub.Requests.SendToGroupRequest)request).Payload;
        var written = Encoding.UTF8.GetString(WebPubSubJsonWriter.ToArray(new ServerDataMessage(payload)));
        Assert.Equal("""{"type":"message","from":"server","dataType":"json","data":[1,{"a":"\u00e9"},null]}""", written);
    }
}
