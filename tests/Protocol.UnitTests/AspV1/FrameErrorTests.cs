using System.Buffers;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Protocol.UnitTests.Support;

namespace AgentPlatform.Protocol.UnitTests.AspV1;

/// <summary>Malformed frames: each gives BAD_FRAME (or FRAME_TOO_LARGE) with a message that names the problem.</summary>
public class FrameErrorTests
{
    public static TheoryData<string, string> BadFrames() => new()
    {
        { "", "empty message" },
        { "00 80", "unknown opcode 0x00" },
        { "0b 80", "unknown opcode 0x0b" },
        { "ff 80", "unknown opcode 0xff" },
        { "02", "not followed by a map" },
        { "02 90", "body must be a map, not Array" },
        { "02 80", "INVOKE: missing required field 'id'" },
        { "02 83 a2 69 64 a1 31 a5 61 67 65 6e 74 a1 61 a4 64 61 74 61 c0", "INVOKE: missing required field 'input'" },
        { "03 83 a2 69 64 01 a3 73 65 71 00 a4 64 61 74 61 c0", "STREAM: field 'id' must be a string, not Integer" },
        { "03 83 a2 69 64 a0 a3 73 65 71 00 a4 64 61 74 61 c0", "field 'id' must be 1 to 128 bytes long" },
        { "03 83 a2 69 64 a1 31 a3 73 65 71 ff a4 64 61 74 61 c0", "field 'seq' must not be negative" },
        { "0a 82 a3 73 65 71 01 a3 73 65 71 02", "ACK: duplicate key 'seq'" },
        { "0a 81 a3 73 65 71 01 c0", "1 bytes after the frame's map" },
        { "0a 81 01 01", "map keys must be strings, not Integer" },
        { "0a 81 a3 73 65", "ends early" },
        { "0a 81 a3 73 65 71 c1", "0xc1 (never used)" },
        { "0a 82 a1 73 01 a3 73 65 71 01", "ACK must not carry a session sequence number" },
        { "04 81 a2 69 64 a1 ff", "not valid UTF-8" },
        { "01 81 a4 63 61 70 73 90", "HELLO: missing required field 'v'" },
        { "01 81 a1 76 01", "HELLO: missing required field 'caps'" },
        { "01 82 a1 76 01 a4 63 61 70 73 91 01", "items of 'caps' must be strings" },
        { "01 83 a1 76 01 a4 63 61 70 73 90 a4 72 6f 6c 65 a3 62 6f 74", "role must be \"client\" or \"provider\"" },
        { "01 82 a3 63 69 64 a1 63 a4 63 61 70 73 90", "HELLO: missing required field 'session'" },
        { "01 83 a1 73 01 a1 76 01 a4 63 61 70 73 90", "HELLO must not carry a session sequence number" },
        { "07 83 a4 63 6f 64 65 a1 58 a7 6d 65 73 73 61 67 65 a0 a9 72 65 74 72 79 61 62 6c 65 01", "field 'retryable' must be a boolean" },
        { "07 82 a4 63 6f 64 65 a1 58 a7 6d 65 73 73 61 67 65 a0", "ERROR: missing required field 'retryable'" },
        { "05 81 a5 74 6f 6f 6c 73 91 80", "TOOL_DEF tool: missing required field 'name'" },
        { "06 82 a2 69 64 a1 31 a7 6d 65 74 72 69 63 73 80", "COMPLETE metrics: missing required field 'durationMs'" },
        { "06 82 a2 69 64 a1 31 a7 6d 65 74 72 69 63 73 81 aa 64 75 72 61 74 69 6f 6e 4d 73 a1 31", "field 'durationMs' must be a number" },
        { "02 84 a2 69 64 a1 31 a5 61 67 65 6e 74 a1 61 a5 69 6e 70 75 74 c0 a9 74 69 6d 65 6f 75 74 4d 73 cf 00 00 00 01 00 00 00 00", "'timeoutMs' must fit 32 bits" },
        { "02 83 a2 69 64 a1 31 a5 61 67 65 6e 74 a1 61 a5 69 6e 70 75 74 dd ff ff ff ff", "over the limit of" },
    };

    [Theory]
    [MemberData(nameof(BadFrames))]
    public void A_malformed_frame_is_BAD_FRAME_naming_the_problem(string hex, string fragment)
    {
        var ex = Assert.Throws<AspProtocolException>(() => AspV1Protocol.Parse(Hex.Parse(hex)));
        Assert.Equal(AspErrorCodes.BadFrame, ex.Code);
        Assert.Equal(CloseCodes.ProtocolError, ex.CloseCode);
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_id_longer_than_128_bytes_is_BAD_FRAME()
    {
        var ok = AspV1Protocol.ToArray(new InterruptFrame(new string('x', 128)));
        Assert.Equal(128, ((InterruptFrame)AspV1Protocol.Parse(ok)).Id.Length);
        var tooLong = AspV1Protocol.ToArray(new InterruptFrame(new string('x', 129)));
        Assert.Contains("1 to 128 bytes", Assert.Throws<AspProtocolException>(() => AspV1Protocol.Parse(tooLong)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_over_maxFrame_is_FRAME_TOO_LARGE_before_any_decoding()
    {
        var frame = AspV1Protocol.ToArray(new StreamFrame("1", 0, new string('x', 2000)));
        var options = AspV1Options.Default with { MaxFrameSize = 1024 };
        var ex = Assert.Throws<AspProtocolException>(() => AspV1Protocol.Parse(frame, options));
        Assert.Equal(AspErrorCodes.FrameTooLarge, ex.Code);
        Assert.Equal(CloseCodes.MessageTooBig, ex.CloseCode);
        Assert.IsType<StreamFrame>(AspV1Protocol.Parse(frame));
    }

    [Fact]
    public void A_payload_nested_deeper_than_the_limit_is_BAD_FRAME()
    {
        MsgPackValue Nest(int depth) => depth == 0 ? MsgPackValue.Nil : MsgPackValue.Array(Nest(depth - 1));
        var ok = AspV1Protocol.ToArray(new InvokeFrame("1", "a", Nest(32)));
        Assert.IsType<InvokeFrame>(AspV1Protocol.Parse(ok));
        var deep = AspV1Protocol.ToArray(new InvokeFrame("1", "a", Nest(33)));
        Assert.Contains("nesting deeper than 32", Assert.Throws<AspProtocolException>(() => AspV1Protocol.Parse(deep)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_a_frame_without_a_required_field_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => AspV1Protocol.ToArray(new StreamFrame(null!, 0, "x")));
        Assert.Throws<ArgumentException>(() => AspV1Protocol.ToArray(new InvokeFrame("1", "a", null!)));
    }

    [Fact]
    public void Error_codes_carry_the_specified_retryable_flags_and_close_codes()
    {
        Assert.Equal(19, AspErrorCodes.All.Count);
        string[] retryable = ["TOO_MANY_INVOCATIONS", "RATE_LIMITED", "TIMEOUT", "FUNCTION_UNAVAILABLE", "FUNCTION_PROTOCOL", "CONFLICT", "INTERNAL", "IDLE_TIMEOUT"];
        foreach (var code in AspErrorCodes.All) Assert.Equal(retryable.Contains(code), AspErrorCodes.IsRetryable(code));
        Assert.Equal(1002, AspErrorCodes.CloseCodeFor(AspErrorCodes.BadFrame));
        Assert.Equal(1002, AspErrorCodes.CloseCodeFor(AspErrorCodes.UnsupportedVersion));
        Assert.Equal(1008, AspErrorCodes.CloseCodeFor(AspErrorCodes.Unauthorized));
        Assert.Equal(1008, AspErrorCodes.CloseCodeFor(AspErrorCodes.ResumeFailed));
        Assert.Equal(1009, AspErrorCodes.CloseCodeFor(AspErrorCodes.FrameTooLarge));
        Assert.Equal(4000, AspErrorCodes.CloseCodeFor(AspErrorCodes.IdleTimeout));
        Assert.Null(AspErrorCodes.CloseCodeFor(AspErrorCodes.UnknownAgent));
        Assert.True(ErrorFrame.For(AspErrorCodes.Timeout, "late", "7").Retryable);
        Assert.False(ErrorFrame.For(AspErrorCodes.Interrupted, "stopped", "7").Retryable);
    }

    [Fact]
    public void Every_error_code_appears_in_the_spec_with_its_retryable_flag()
    {
        var spec = SpecDocument.Text;
        foreach (var code in AspErrorCodes.All)
        {
            var flag = AspErrorCodes.IsRetryable(code) ? "true" : "false";
            Assert.Contains($"| `{code}` | {flag} |", spec, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_reports_over_long_sequences_without_reading_them()
    {
        var huge = new ReadOnlySequence<byte>(new byte[(1 << 20) + 1]);
        Assert.Equal(AspErrorCodes.FrameTooLarge, Assert.Throws<AspProtocolException>(() => AspV1Protocol.Parse(huge)).Code);
    }
}
