using System.Buffers;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Protocol.UnitTests.Support;

namespace AgentPlatform.Protocol.UnitTests.AspV1;

/// <summary>What a reader must accept beyond the canonical form, and how payloads pass through.</summary>
public class FrameParsingTests
{
    [Fact]
    public void Non_preferred_integers_and_any_key_order_are_accepted()
    {
        // ACK {seq: 43} with seq as int64, then STREAM with keys reversed and seq as uint16.
        Assert.Equal(new AckFrame(43), AspV1Protocol.Parse(Hex.Parse("0a 81 a3 73 65 71 d3 00 00 00 00 00 00 00 2b")));
        var stream = AspV1Protocol.Parse(Hex.Parse("03 83 a4 64 61 74 61 a2 68 69 a3 73 65 71 cd 00 02 a2 69 64 a1 31"));
        Assert.Equal(new StreamFrame("1", 2, "hi"), stream);
    }

    [Fact]
    public void Unknown_keys_are_skipped_and_nil_optional_fields_are_absent()
    {
        var hex = "04 83 a2 69 64 a1 31 a6 72 65 61 73 6f 6e c0 a5 66 75 74 75 72 82 a1 61 92 01 02 a1 62 c4 01 00";
        var frame = (InterruptFrame)AspV1Protocol.Parse(Hex.Parse(hex));
        Assert.Equal(new InterruptFrame("1"), frame);
        Assert.Null(frame.Reason);
    }

    [Fact]
    public void Payload_bytes_pass_through_unchanged_even_in_non_preferred_encodings()
    {
        // input = int64 5 followed by a str16 "a": neither is how the writer would encode them.
        var input = Hex.Parse("92 d3 00 00 00 00 00 00 00 05 da 00 01 61");
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteRaw([0x02]);
        writer.WriteMapHeader(3);
        writer.Write("id");
        writer.Write("9");
        writer.Write("agent");
        writer.Write("echo");
        writer.Write("input");
        writer.WriteRaw(input);
        var message = buffer.WrittenSpan.ToArray();

        var invoke = (InvokeFrame)AspV1Protocol.Parse(Segments.Split(message, 5));
        Assert.True(invoke.Input.TryGetRaw(out var raw));
        Assert.Equal(input, raw.ToArray());
        Assert.Equal(MsgPackValue.Array(5, "a"), invoke.Input);
        Assert.Equal(message, AspV1Protocol.ToArray(invoke));

        // The frame owns its payload: scribbling over the receive buffer changes nothing.
        Array.Fill(message, (byte)0);
        Assert.Equal(MsgPackValue.Array(5, "a"), invoke.Input);
    }

    [Fact]
    public void An_optional_payload_that_is_nil_is_absent_but_a_required_one_is_a_value()
    {
        var complete = AspV1Protocol.ToArray(new CompleteFrame("1") { Result = MsgPackValue.Nil });
        Assert.Equal("06 81 a2 69 64 a1 31", Hex.Format(complete));
        Assert.Null(((CompleteFrame)AspV1Protocol.Parse(Hex.Parse("06 82 a2 69 64 a1 31 a6 72 65 73 75 6c 74 c0"))).Result);
        Assert.Null(((InterruptFrame)AspV1Protocol.Parse(AspV1Protocol.ToArray(new InterruptFrame("1") { Data = MsgPackValue.Nil }))).Data);
        Assert.True(((StreamFrame)AspV1Protocol.Parse(AspV1Protocol.ToArray(new StreamFrame("1", 0, MsgPackValue.Nil)))).Data.IsNil);
    }

    [Fact]
    public void A_sender_numbers_frames_as_it_writes_them()
    {
        var frame = new StreamFrame("1", 0, "x");
        var buffer = new ArrayBufferWriter<byte>();
        AspV1Protocol.Write(frame, 7, buffer);
        Assert.Equal("03 84 a1 73 07 a2 69 64 a1 31 a3 73 65 71 00 a4 64 61 74 61 a1 78", Hex.Format(buffer.WrittenSpan));
        Assert.Equal(frame with { SessionSeq = 7 }, AspV1Protocol.Parse(buffer.WrittenMemory));

        var ack = new ArrayBufferWriter<byte>();
        AspV1Protocol.Write(new AckFrame(3), 9, ack);
        Assert.Equal(new AckFrame(3), AspV1Protocol.Parse(ack.WrittenMemory));
    }

    [Fact]
    public void The_STREAM_fast_path_writes_exactly_what_the_general_writer_writes()
    {
        MsgPackValue[] payloads = ["tok", MsgPackValue.FromRaw(Hex.Parse("d9 03 74 6f 6b")), new string('x', 300), MsgPackValue.Map(("a", 1)), MsgPackValue.FromRaw(Hex.Parse("92 01 02")), MsgPackValue.Nil, MsgPackValue.FromBinary(new byte[70_000])];
        string[] ids = ["1", new string('é', 15), new string('é', 16), new string('x', 31), new string('x', 32), "日本語"];
        ulong?[] sessionSeqs = [null, 0, 127, 128, 65536, ulong.MaxValue];
        ulong[] seqs = [0, 255, 256, uint.MaxValue, (ulong)uint.MaxValue + 1];
        foreach (var payload in payloads)
        {
            foreach (var id in ids)
            {
                foreach (var s in sessionSeqs)
                {
                    foreach (var seq in seqs)
        {
            var frame = new StreamFrame(id, seq, payload);
            var fast = new ArrayBufferWriter<byte>();
            AspV1Protocol.Write(frame, s, fast);
            var general = new ArrayBufferWriter<byte>();
            var writer = MessagePackWriter.CreateBuffered(general);
            AspFrameWriter.Write(frame, s, ref writer);
            writer.Flush();
            Assert.Equal(general.WrittenSpan.ToArray(), fast.WrittenSpan.ToArray());
            Assert.Equal(frame with { SessionSeq = s }, AspV1Protocol.Parse(fast.WrittenMemory));
        }
                }
            }
        }
    }

    [Fact]
    public void Metrics_accept_integers_and_keep_unknown_metrics()
    {
        var metrics = new CompleteMetrics(40) { Additional = [new("queueMs", 3), new("model", "m1")] };
        var frame = new CompleteFrame("1") { Metrics = metrics };
        var parsed = (CompleteFrame)AspV1Protocol.Parse(AspV1Protocol.ToArray(frame));
        Assert.Equal(frame, parsed);
        Assert.Equal(3, parsed.Metrics!.Additional[0].Value.AsInt64());

        // durationMs written by a JSON-born encoder as the integer 12.
        var hex = "06 82 a2 69 64 a1 31 a7 6d 65 74 72 69 63 73 81 aa 64 75 72 61 74 69 6f 6e 4d 73 0c";
        Assert.Equal(12.0, ((CompleteFrame)AspV1Protocol.Parse(Hex.Parse(hex))).Metrics!.DurationMs);
    }

    [Fact]
    public void Hello_is_a_server_hello_exactly_when_it_has_cid()
    {
        var server = new ServerHelloFrame("c", "s", 1, 2, "r", []);
        var client = new ClientHelloFrame(2, ["x"]) { Role = AspRoles.Client };
        Assert.IsType<ServerHelloFrame>(AspV1Protocol.Parse(AspV1Protocol.ToArray(server)));
        var parsed = Assert.IsType<ClientHelloFrame>(AspV1Protocol.Parse(AspV1Protocol.ToArray(client)));
        Assert.Equal(2, parsed.Version);   // the version check belongs to the endpoint (UNSUPPORTED_VERSION)
        Assert.Equal(AspOpcode.Hello, server.Opcode);
    }

    [Fact]
    public void Every_frame_type_round_trips_with_every_optional_field()
    {
        AspFrame[] frames =
        [
            new ClientHelloFrame(1, ["a", "b"]) { Token = "t", Resume = "r", LastSeq = ulong.MaxValue, Role = "provider", Agents = ["x", "y"] },
            new ServerHelloFrame("c", "s", uint.MaxValue, 0, "r", ["reliable"]) { Seq = 1, LastSeq = 0 },
            new InvokeFrame("i", "a", MsgPackValue.FromBinary(new byte[] { 1, 2 })) { Stream = false, TimeoutMs = 5, SessionSeq = 1 },
            new StreamFrame("i", ulong.MaxValue, MsgPackValue.Nil) { SessionSeq = ulong.MaxValue },
            new InterruptFrame("i") { Reason = "steer", Data = MsgPackValue.Map(("hint", "shorter")), SessionSeq = 2 },
            new ToolDefFrame([new ToolDefinition("a"), new ToolDefinition("b") { Description = "d", Schema = MsgPackValue.Map() }]) { Id = "i", SessionSeq = 3 },
            new CompleteFrame("i") { Result = MsgPackValue.Array(MsgPackValue.Nil), Metrics = new CompleteMetrics(0.5) { CpuMs = 0.25, Chunks = 0, Bytes = 0 } },
            new ErrorFrame("X", "", true) { Id = "i", RetryAfterMs = 0, SessionSeq = 4 },
            new RequestFrame("i", "r", "k", MsgPackValue.Array()) { SessionSeq = 5 },
            new ReplyFrame("i", "r", MsgPackValue.From(new MessagePackTimestamp(1, 2))) { SessionSeq = 6 },
            new AckFrame(ulong.MaxValue),
        ];
        foreach (var frame in frames)
        {
            var bytes = AspV1Protocol.ToArray(frame);
            var parsed = AspV1Protocol.Parse(bytes);
            Assert.Equal(frame, parsed);
            Assert.Equal(bytes, AspV1Protocol.ToArray(parsed));
        }
    }
}
