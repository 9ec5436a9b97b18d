using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Protocol.UnitTests.Support;

namespace AgentPlatform.Protocol.UnitTests.MessagePack;

/// <summary>Hostile and malformed input: a clear MessagePackException, before any large allocation.</summary>
public class LimitTests
{
    private static MessagePackException Fails(string hex, MessagePackReaderOptions? options = null) =>
        Assert.Throws<MessagePackException>(() => MsgPackValue.FromRaw(Hex.Parse(hex), options));

    [Theory]
    [InlineData("c1", "0xc1 (never used) at offset 0")]
    [InlineData("92 01 c1", "0xc1 (never used) at offset 2")]
    [InlineData("", "expected a value at offset 0")]
    [InlineData("cd 01", "expected 3 bytes at offset 0")]
    [InlineData("a3 61 62", "3 bytes of string")]
    [InlineData("c4 05 01", "5 bytes of binary")]
    [InlineData("93 01 02", "3 array items")]
    [InlineData("82 a1 61 01", "2 map items")]
    [InlineData("d6 ff 00", "4 bytes of extension")]
    [InlineData("01 02", "1 more bytes follow")]
    public void Malformed_input_says_what_and_where(string hex, string fragment) =>
        Assert.Contains(fragment, Fails(hex).Message, StringComparison.Ordinal);

    [Fact]
    public void A_forged_header_fails_without_allocating_for_its_claim()
    {
        string[] forged = ["dd ff ff ff ff", "df 7f ff ff ff", "db ff ff ff ff", "c6 ff ff ff ff", "c9 ff ff ff ff 01", "dd 00 0f ff ff 01"];
        var options = new MessagePackReaderOptions { MaxCollectionLength = int.MaxValue, MaxStringLength = int.MaxValue, MaxBinaryLength = int.MaxValue, MaxExtensionLength = int.MaxValue };
        foreach (var hex in forged)
        {
            var bytes = Hex.Parse(hex);
            var before = GC.GetAllocatedBytesForCurrentThread();
            Assert.Throws<MessagePackException>(() => MsgPackValue.FromRaw(bytes, options));
            Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 16_000);
        }
    }

    [Fact]
    public void Depth_is_limited()
    {
        static byte[] Nested(int depth) => [.. Enumerable.Repeat((byte)0x91, depth), 0xc0];
        var options = new MessagePackReaderOptions { MaxDepth = 8 };
        Assert.Equal(8, Depth(MsgPackValue.FromRaw(Nested(8), options)));
        Assert.Contains("nesting deeper than 8", Assert.Throws<MessagePackException>(() => MsgPackValue.FromRaw(Nested(9), options)).Message, StringComparison.Ordinal);
        // The default (64) also keeps a 100,000-deep bomb from overflowing the stack.
        Assert.Throws<MessagePackException>(() => MsgPackValue.FromRaw(Nested(100_000)));
    }

    [Fact]
    public void Lengths_and_total_size_are_limited()
    {
        var options = new MessagePackReaderOptions { MaxCollectionLength = 2, MaxStringLength = 3, MaxBinaryLength = 1, MaxExtensionLength = 1, MaxTotalSize = 10 };
        Assert.Contains("array at offset 1 has length 3, over the limit of 2", Fails("93 01 02 03", options).Message, StringComparison.Ordinal);
        Assert.Contains("map", Fails("83 01 01 02 02 03 03", options).Message, StringComparison.Ordinal);
        Assert.Contains("string", Fails("a4 61 62 63 64", options).Message, StringComparison.Ordinal);
        Assert.Contains("binary", Fails("c4 02 00 00", options).Message, StringComparison.Ordinal);
        Assert.Contains("extension", Fails("d5 01 00 00", options).Message, StringComparison.Ordinal);
        Assert.Contains("input", Fails("c4 09 00 00 00 00 00 00 00 00 00", options).Message, StringComparison.Ordinal);
        Assert.Equal(MsgPackValue.Array(1, 2), MsgPackValue.FromRaw(Hex.Parse("92 01 02"), options));
    }

    [Theory]
    [InlineData("a1 61", "where an integer was expected")]
    [InlineData("cf ff ff ff ff ff ff ff ff", "does not fit a 64-bit signed integer")]
    public void Typed_reads_reject_other_types_and_overflow(string hex, string fragment)
    {
        var ex = Assert.Throws<MessagePackException>(() =>
        {
            var reader = new MessagePackReader(Hex.Parse(hex));
            reader.ReadInt64();
        });
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ce ff ff ff ff")]
    [InlineData("d2 80 00 00 00")]
    public void ReadInt32_and_ReadUInt32_reject_out_of_range(string hex)
    {
        Assert.Throws<MessagePackException>(() =>
        {
            var reader = new MessagePackReader(Hex.Parse(hex));
            if (hex.StartsWith("ce", StringComparison.Ordinal)) reader.ReadInt32();
            else reader.ReadUInt32();
        });
    }

    [Fact]
    public void Timestamps_with_bad_lengths_or_nanoseconds_are_rejected()
    {
        foreach (var hex in new[] { "d4 ff 00", "d7 ff ff ff ff ff 00 00 00 00", "c7 0c ff ff ff ff ff 00 00 00 00 00 00 00 00", "d6 05 00 00 00 00" })
        {
            Assert.Throws<MessagePackException>(() =>
            {
                var reader = new MessagePackReader(Hex.Parse(hex));
                reader.ReadTimestamp();
            });
            Assert.False(MsgPackValue.FromRaw(Hex.Parse(hex)).TryGetTimestamp(out _));
        }
    }

    [Fact]
    public void Invalid_utf8_fails_a_typed_read_but_a_payload_keeps_its_bytes()
    {
        var bytes = Hex.Parse("a2 c3 28");
        Assert.Contains("not valid UTF-8", Assert.Throws<MessagePackException>(() =>
        {
            var reader = new MessagePackReader(bytes);
            reader.ReadString();
        }).Message, StringComparison.Ordinal);
        var value = MsgPackValue.FromRaw(bytes);
        Assert.Equal("\uFFFD(", value.AsString());
        Assert.Equal(bytes, value.ToBytes());
    }

    [Fact]
    public void Every_truncation_of_a_complex_value_fails_cleanly()
    {
        var value = MsgPackValue.Map(("a", MsgPackValue.Array(1, -300, 70000L, 1.5, MsgPackValue.From(2.5f), "text", MsgPackValue.FromBinary(new byte[300]))),
            ("t", MsgPackValue.From(new MessagePackTimestamp(-5, 7))), ("e", MsgPackValue.FromExtension(9, new byte[3])), ("n", MsgPackValue.Nil));
        var bytes = value.ToBytes();
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<MessagePackException>(() => MsgPackValue.FromRaw(bytes.AsMemory(0, length)));
        }
        Assert.Equal(value, MsgPackValue.FromRaw(bytes));
    }

    private static int Depth(MsgPackValue value) => value.Kind == MsgPackValueKind.Array ? 1 + Depth(value[0]) : 0;
}
