using System.Buffers;
using System.Text;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.Requests;

namespace AgentPlatform.WebPubSub.UnitTests.Protocol;

/// <summary>Exact client frames (as @azure/web-pubsub-client writes them) and what they parse to.</summary>
public class JsonReaderTests
{
    public static TheoryData<string, WebPubSubRequest> ValidFrames => new()
    {
        { """{"type":"joinGroup","group":"g1","ackId":1}""", new JoinGroupRequest("g1") { AckId = 1 } },
        { """{"type":"leaveGroup","group":"g1","ackId":2}""", new LeaveGroupRequest("g1") { AckId = 2 } },
        { """{"type":"joinGroup","group":"g1"}""", new JoinGroupRequest("g1") },
        { """{"type":"sequenceAck","sequenceId":5}""", new SequenceAckRequest(5) },
        { """{"type":"sequenceAck","sequenceId":18446744073709551615}""", new SequenceAckRequest(ulong.MaxValue) },
        { """{"type":"ping"}""", new PingRequest() },
        { """{"type":"invoke","invocationId":"i1","target":"event","event":"e"}""", new InvokeEventRequest("i1", "e", null) },
        { """{"type":"cancelInvocation","invocationId":"i1"}""", new UnsupportedRequest("cancelInvocation", "i1") },
        { """{"type":"invoke","invocationId":"i2","target":"other"}""", new UnsupportedRequest("invoke", "i2") },
        { """ {"ackId":7,"type":"joinGroup","group":"a.b","metadata":{"x":[1,2]}} """, new JoinGroupRequest("a.b") { AckId = 7 } },
    };

    [Theory]
    [MemberData(nameof(ValidFrames))]
    public void Parses_control_frames(string frame, WebPubSubRequest expected)
    {
        Assert.True(WebPubSubJsonReader.TryParse(Seq(frame), out var request, out var error), error.Message);
        Assert.Equal(expected, request);
    }

    [Fact]
    public void Send_to_group_keeps_json_data_bytes_exactly()
    {
        var frame = """{"type":"sendToGroup","group":"g1","ackId":3,"noEcho":true,"dataType":"json","data":{"hello": "wörld", "n":[1,2.5]}}""";
        Assert.True(WebPubSubJsonReader.TryParse(Seq(frame), out var request, out _));
        var send = Assert.IsType<SendToGroupRequest>(request);
        Assert.Equal("g1", send.Group);
        Assert.True(send.NoEcho);
        Assert.Equal(3UL, send.AckId);
        Assert.Equal(WebPubSubDataType.Json, send.Payload.DataType);
        Assert.Equal("""{"hello": "wörld", "n":[1,2.5]}""", Encoding.UTF8.GetString(send.Payload.Bytes.Span));
    }

    [Fact]
    public void Data_type_defaults_to_json_and_may_follow_data()
    {
        Assert.True(WebPubSubJsonReader.TryParse(Seq("""{"type":"event","event":"e","data":"x"}"""), out var r1, out _));
        Assert.Equal("\"x\"", Encoding.UTF8.GetString(Assert.IsType<SendEventRequest>(r1).Payload.Bytes.Span));
        Assert.True(WebPubSubJsonReader.TryParse(Seq("""{"type":"event","data":"hi\n\u00e9","event":"e","dataType":"text"}"""), out var r2, out _));
        var text = Assert.IsType<SendEventRequest>(r2).Payload;
        Assert.Equal(WebPubSubDataType.Text, text.DataType);
        Assert.Equal("hi\né", Encoding.UTF8.GetString(text.Bytes.Span));
    }

    [Fact]
    public void Invoke_carries_its_data_like_an_event()
    {
        Assert.True(WebPubSubJsonReader.TryParse(Seq("""{"type":"invoke","invocationId":"7","target":"event","event":"e","dataType":"text","data":"hi"}"""), out var r, out _));
        var invoke = Assert.IsType<InvokeEventRequest>(r);
        Assert.Equal("7", invoke.InvocationId);
        Assert.Equal("hi", Encoding.UTF8.GetString(invoke.Payload!.Value.Bytes.Span));
        Assert.False(WebPubSubJsonReader.TryParse(Seq("""{"type":"invoke","target":"event","event":"e"}"""), out _, out var error));
        Assert.Contains("invocationId", error.Message);
    }

    [Fact]
    public void Binary_data_is_base64_decoded()
    {
        Assert.True(WebPubSubJsonReader.TryParse(Seq("""{"type":"sendToGroup","group":"g","dataType":"binary","data":"aGVsbG8="}"""), out var r, out _));
        var payload = Assert.IsType<SendToGroupRequest>(r).Payload;
        Assert.Equal(WebPubSubDataType.Binary, payload.DataType);
        Assert.Equal("hello"u8.ToArray(), payload.Bytes.ToArray());
        Assert.False(Assert.IsType<SendToGroupRequest>(r).NoEcho);
    }

    [Fact]
    public void Multi_segment_frames_parse_like_single_segment_ones()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"type":"sendToGroup","group":"g1","ackId":3,"dataType":"json","data":{"a":1}}""");
        var first = new Segment(bytes.AsMemory(0, 10));
        var last = first.Append(bytes.AsMemory(10));
        var seq = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        Assert.True(WebPubSubJsonReader.TryParse(seq, out var r, out _));
        Assert.Equal("""{"a":1}""", Encoding.UTF8.GetString(Assert.IsType<SendToGroupRequest>(r).Payload.Bytes.Span));
    }

    public static TheoryData<string, string, ulong?> InvalidFrames => new()
    {
        { "", "invalid JSON", null },
        { "[]", "JSON object", null },
        { "{}", "type is required", null },
        { """{"type":1}""", "type must be a string", null },
        { """{"type":"joinGroup","ackId":4}""", "group", 4UL },
        { """{"type":"joinGroup","group":"  ","ackId":4}""", "group", 4UL },
        { """{"type":"joinGroup","group":"g","ackId":-1}""", "ackId", null },
        { """{"type":"joinGroup","group":"g","ackId":"1"}""", "ackId", null },
        { """{"type":"sendToGroup","group":"g","ackId":9}""", "data is required", 9UL },
        { """{"type":"sendToGroup","group":"g","ackId":9,"dataType":"xml","data":1}""", "dataType", 9UL },
        { """{"type":"sendToGroup","group":"g","ackId":9,"dataType":"text","data":1}""", "string", 9UL },
        { """{"type":"sendToGroup","group":"g","ackId":9,"dataType":"binary","data":"!!"}""", "base64", 9UL },
        { """{"type":"sendToGroup","group":"g","ackId":9,"noEcho":"yes","data":1}""", "noEcho", 9UL },
        { """{"type":"event","ackId":2,"data":1}""", "event is required", 2UL },
        { """{"type":"sequenceAck"}""", "sequenceId", null },
        { """{"type":"ping"} {}""", "invalid JSON", null },
        { """{"ackId":3,"type":"joinGroup","group":"\ud800"}""", "invalid JSON", 3UL },
        { """{"type":"ping" """, "invalid JSON", null },
    };

    [Theory]
    [MemberData(nameof(InvalidFrames))]
    public void Refuses_malformed_frames_with_a_reason(string frame, string reason, ulong? ackId)
    {
        Assert.False(WebPubSubJsonReader.TryParse(Seq(frame), out var request, out var error));
        Assert.Null(request);
        Assert.Contains(reason, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ackId, error.AckId);
    }

    [Fact]
    public void Refuses_frames_over_one_megabyte()
    {
        var big = new byte[WebPubSubJsonReader.MaxFrameBytes + 1];
        Assert.False(WebPubSubJsonReader.TryParse(new ReadOnlySequence<byte>(big), out _, out var error));
        Assert.Contains("1 MB", error.Message);
    }

    internal static ReadOnlySequence<byte> Seq(string text) => new(Encoding.UTF8.GetBytes(text));

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
