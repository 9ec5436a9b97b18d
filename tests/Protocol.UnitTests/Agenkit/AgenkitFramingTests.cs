using System.Buffers;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Protocol.UnitTests.Support;

namespace AgentPlatform.Protocol.UnitTests.Agenkit;

/// <summary>The frame header, partial input and the size limit.</summary>
public class AgenkitFramingTests
{
    [Fact]
    public void A_length_over_the_limit_is_refused_from_the_header_alone()
    {
        var header = new byte[] { 0x00, 0xA0, 0x00, 0x01 };   // 10 MiB + 1
        var buffer = new ReadOnlySequence<byte>(header);
        Assert.Equal(AgenkitFrameStatus.TooLarge, AgenkitFraming.TryReadFrame(ref buffer, AgenkitProtocol.DefaultMaxFrameBytes, out _, out var length));
        Assert.Equal(10 * 1024 * 1024 + 1, length);
        Assert.Equal(4, buffer.Length);   // nothing consumed
    }

    [Fact]
    public void Exactly_the_limit_is_accepted_and_waits_for_its_body()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0x00, 0xA0, 0x00, 0x00, 0x7b });
        Assert.Equal(AgenkitFrameStatus.Incomplete, AgenkitFraming.TryReadFrame(ref buffer, AgenkitProtocol.DefaultMaxFrameBytes, out _, out var length));
        Assert.Equal(10 * 1024 * 1024, length);
        Assert.Equal(5, buffer.Length);
    }

    [Fact]
    public void The_largest_announced_length_is_unsigned_and_refused()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF });
        Assert.Equal(AgenkitFrameStatus.TooLarge, AgenkitFraming.TryReadFrame(ref buffer, int.MaxValue, out _, out var length));
        Assert.Equal(uint.MaxValue, length);
    }

    [Fact]
    public void A_custom_limit_applies()
    {
        var frame = new byte[] { 0, 0, 0, 3, 1, 2, 3 };
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.Equal(AgenkitFrameStatus.TooLarge, AgenkitFraming.TryReadFrame(ref buffer, 2, out _, out _));
        Assert.Equal(AgenkitFrameStatus.Complete, AgenkitFraming.TryReadFrame(ref buffer, 3, out var body, out _));
        Assert.Equal(new byte[] { 1, 2, 3 }, body.ToArray());
    }

    [Fact]
    public void Every_prefix_of_a_frame_is_incomplete_and_untouched()
    {
        var frame = AgenkitFraming.ToFrame(AgenkitEnvelope.ForStreamEnd("abc"));
        for (var n = 0; n < frame.Length; n++)
        {
            var buffer = Segments.Split(frame[..n], 2);
            Assert.Equal(AgenkitFrameStatus.Incomplete, AgenkitFraming.TryReadFrame(ref buffer, 1024, out _, out _));
            Assert.Equal(n, buffer.Length);
        }
    }

    [Fact]
    public void An_empty_body_is_a_frame_that_fails_to_decode()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[4]);
        Assert.Equal(AgenkitFrameStatus.Complete, AgenkitFraming.TryReadFrame(ref buffer, 1024, out var body, out _));
        Assert.Equal(AgenkitErrorCodes.MalformedPayload, AgenkitEnvelopeCodec.Decode(body).Error!.Code);
    }

    [Fact]
    public void A_writer_never_emits_a_frame_its_peer_must_refuse()
    {
        var envelope = AgenkitEnvelope.ForResponse("a", AgenkitMessage.Text("agent", new string('x', 2000)));
        var output = new ArrayBufferWriter<byte>();
        Assert.False(AgenkitFraming.TryWriteFrame(output, envelope, AgenkitCodec.Json, 1000));
        Assert.Equal(0, output.WrittenCount);
        Assert.True(AgenkitFraming.TryWriteFrame(output, envelope, AgenkitCodec.Json, 4000));
        Assert.InRange(output.WrittenCount, 2004, 4004);
    }
}
