using System.Buffers;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Server.UnitTests.Transport;

/// <summary>The inbound pipe's framing: 5-byte header (kind, little-endian length) then the payload.</summary>
public sealed class InboundMessagesTests
{
    public static TheoryData<MessageKind, byte[], byte[]> Cases => new()
    {
        { MessageKind.Binary, [], [0x00, 0, 0, 0, 0] },
        { MessageKind.Binary, [0x81, 0xA1, 0x76], [0x00, 3, 0, 0, 0, 0x81, 0xA1, 0x76] },
        { MessageKind.Text, "{}"u8.ToArray(), [0x01, 2, 0, 0, 0, (byte)'{', (byte)'}'] },
        { MessageKind.TooLarge, [], [0x02, 0, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writes_and_reads_the_exact_bytes(MessageKind kind, byte[] payload, byte[] wire)
    {
        var written = new ArrayBufferWriter<byte>();
        InboundMessages.Write(written, kind, payload);
        Assert.Equal(wire, written.WrittenSpan.ToArray());
        var buffer = new ReadOnlySequence<byte>(wire);
        Assert.True(InboundMessages.TryRead(ref buffer, out var readKind, out var readPayload));
        Assert.Equal(kind, readKind);
        Assert.Equal(payload, readPayload.ToArray());
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void An_incomplete_message_waits_for_more_bytes_and_leaves_the_buffer_alone()
    {
        byte[] wire = [0x00, 3, 0, 0, 0, 0x81, 0xA1];
        for (var cut = 0; cut <= wire.Length; cut++)
        {
            var buffer = new ReadOnlySequence<byte>(wire, 0, cut);
            Assert.False(InboundMessages.TryRead(ref buffer, out _, out _));
            Assert.Equal(cut, buffer.Length);
        }
    }

    [Fact]
    public void Arbitrary_bytes_never_throw_and_never_read_past_the_buffer()
    {
        var random = new Random(12);
        for (var round = 0; round < 5000; round++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            var buffer = new ReadOnlySequence<byte>(bytes);
            while (InboundMessages.TryRead(ref buffer, out _, out var payload))
            {
                Assert.True(payload.Length <= bytes.Length);
            }
        }
    }
}
