using System.Buffers;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Protocol.UnitTests.Support;

namespace AgentPlatform.Protocol.UnitTests.MessagePack;

/// <summary>Exact bytes for every format, both directions, whole and split into tiny segments.</summary>
public class FormatTests
{
    public static TheoryData<string> PreferredNames() => new(FormatTable.Preferred.Select(r => r.Name));

    public static TheoryData<string> NonPreferredHex() => new(FormatTable.NonPreferred.Select(r => r.Hex));

    private static (string Name, MsgPackValue Value, byte[] Bytes) Row(string name) => FormatTable.Preferred.Single(r => r.Name == name);

    [Theory]
    [MemberData(nameof(PreferredNames))]
    public void A_value_built_in_code_writes_its_preferred_encoding(string name)
    {
        var row = Row(name);
        Assert.Equal(row.Bytes, row.Value.ToBytes());
    }

    [Theory]
    [MemberData(nameof(PreferredNames))]
    public void The_preferred_encoding_reads_back_as_the_value(string name)
    {
        var row = Row(name);
        foreach (var segmentSize in new[] { row.Bytes.Length, 1, 3 })
        {
            var reader = new MessagePackReader(Segments.Split(row.Bytes, segmentSize));
            var value = MsgPackValue.Read(ref reader);
            Assert.True(reader.End);
            Assert.Equal(row.Value, value);
            Assert.Equal(row.Bytes, value.ToBytes());
        }
    }

    [Theory]
    [MemberData(nameof(PreferredNames))]
    public void Skip_and_ReadRaw_cover_exactly_one_value(string name)
    {
        var row = Row(name);
        byte[] twice = [.. row.Bytes, .. row.Bytes];
        var reader = new MessagePackReader(Segments.Split(twice, 7));
        reader.Skip();
        Assert.Equal(row.Bytes.Length, reader.Consumed);
        Assert.Equal(row.Bytes, reader.ReadRaw().ToArray());
        Assert.True(reader.End);
    }

    [Theory]
    [MemberData(nameof(NonPreferredHex))]
    public void Every_legal_encoding_reads_and_is_kept_byte_identical(string hex)
    {
        var expected = FormatTable.NonPreferred.Single(r => r.Hex == hex).Value;
        var bytes = Hex.Parse(hex);
        var value = MsgPackValue.FromRaw(bytes);
        Assert.Equal(expected, value);
        Assert.Equal(bytes, value.ToBytes());
        var buffer = new ArrayBufferWriter<byte>();
        value.WriteTo(buffer);
        Assert.Equal(bytes, buffer.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData("cc 05", 5L)]
    [InlineData("d3 00 00 00 00 00 00 00 05", 5L)]
    [InlineData("cf 7f ff ff ff ff ff ff ff", long.MaxValue)]
    [InlineData("d3 80 00 00 00 00 00 00 00", long.MinValue)]
    [InlineData("e0", -32L)]
    [InlineData("d1 80 00", -32768L)]
    public void ReadInt64_accepts_every_integer_encoding(string hex, long expected)
    {
        var reader = new MessagePackReader(Hex.Parse(hex));
        Assert.Equal(expected, reader.ReadInt64());
        Assert.True(reader.End);
    }

    [Theory]
    [InlineData("cf ff ff ff ff ff ff ff ff", ulong.MaxValue)]
    [InlineData("d3 00 00 00 00 00 00 00 05", 5UL)]
    [InlineData("d0 7f", 127UL)]
    public void ReadUInt64_accepts_every_non_negative_encoding(string hex, ulong expected)
    {
        var reader = new MessagePackReader(Hex.Parse(hex));
        Assert.Equal(expected, reader.ReadUInt64());
    }

    [Theory]
    [InlineData("ca 3f c0 00 00", 1.5)]
    [InlineData("cb 3f f8 00 00 00 00 00 00", 1.5)]
    [InlineData("0c", 12.0)]
    [InlineData("d0 f4", -12.0)]
    [InlineData("cf ff ff ff ff ff ff ff ff", 18446744073709551615.0)]
    public void ReadDouble_accepts_floats_and_integers(string hex, double expected)
    {
        var reader = new MessagePackReader(Hex.Parse(hex));
        Assert.Equal(expected, reader.ReadDouble());
    }

    [Fact]
    public void Strings_read_without_copies_when_contiguous_and_by_sequence_when_split()
    {
        var bytes = Hex.Parse("a5 68 65 6c 6c 6f");
        var whole = new MessagePackReader(bytes);
        Assert.True(whole.TryReadStringSpan(out var span));
        Assert.Equal("hello"u8.ToArray(), span.ToArray());

        var split = new MessagePackReader(Segments.Split(bytes, 2));
        Assert.False(split.TryReadStringSpan(out _));
        Assert.Equal(0, split.Consumed);
        Assert.Equal("hello"u8.ToArray(), split.ReadStringSequence().ToArray());

        var text = new MessagePackReader(Segments.Split(bytes, 2));
        Assert.Equal("hello", text.ReadString());
    }

    [Fact]
    public void The_writer_writes_each_primitive_in_its_smallest_form()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.Write(-1);
        writer.Write(200u);
        writer.Write("é");
        writer.WriteString("ab"u8);
        writer.WriteBinary([1, 2]);
        writer.WriteArrayHeader(16);
        writer.WriteMapHeader(65536);
        writer.WriteExtensionHeader(3, 17);
        writer.Write(new DateTime(1970, 1, 1, 0, 0, 1, DateTimeKind.Utc));
        Assert.Equal("ff cc c8 a2 c3 a9 a2 61 62 c4 02 01 02 dc 00 10 df 00 01 00 00 c7 11 03 d6 ff 00 00 00 01", Hex.Format(buffer.WrittenSpan));
    }

    [Fact]
    public void A_buffered_writer_commits_on_flush_and_grows_past_its_chunk()
    {
        var buffer = new ArrayBufferWriter<byte>(16);
        var writer = MessagePackWriter.CreateBuffered(buffer);
        writer.Write(1);
        writer.Write("short");
        Assert.Equal(0, buffer.WrittenCount);
        writer.Write(new string('x', 1000));
        writer.WriteBinary(new byte[70_000]);
        writer.Flush();
        Assert.Equal(1 + 6 + 3 + 1000 + 5 + 70_000, buffer.WrittenCount);
        var reader = new MessagePackReader(buffer.WrittenMemory);
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal("short", reader.ReadString());
        Assert.Equal(1000, reader.ReadString()!.Length);
        Assert.Equal(70_000, reader.ReadBytes().Length);
        Assert.True(reader.End);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(85)]
    [InlineData(86)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(21845)]
    [InlineData(32768)]
    public void Multibyte_strings_get_the_header_of_their_real_byte_length(int characters)
    {
        // 'é' is 2 bytes but the writer reserves room for 3 per char: the header must shrink to the real size.
        var text = new string('é', characters);
        var buffer = new ArrayBufferWriter<byte>();
        new MessagePackWriter(buffer).Write(text);
        var reader = new MessagePackReader(buffer.WrittenMemory);
        var byteLength = characters * 2;
        Assert.Equal(byteLength switch { <= 31 => 1, <= 255 => 2, <= 65535 => 3, _ => 5 } + byteLength, buffer.WrittenCount);
        Assert.Equal(text, reader.ReadString());
    }

    [Fact]
    public void Timestamps_convert_to_and_from_DateTime()
    {
        var moment = new DateTime(2026, 11, 22, 3, 25, 7, DateTimeKind.Utc).AddTicks(1234567);
        var timestamp = MessagePackTimestamp.FromDateTime(moment);
        Assert.Equal(123456700u, timestamp.Nanoseconds);
        Assert.Equal(moment, timestamp.ToDateTime());
        Assert.Equal("2026-11-22T03:25:07.123456700Z", timestamp.ToString());

        var before = MessagePackTimestamp.FromDateTime(new DateTime(1969, 12, 31, 23, 59, 59, 500, DateTimeKind.Utc));
        Assert.Equal((-1L, 500_000_000u), (before.Seconds, before.Nanoseconds));

        var buffer = new ArrayBufferWriter<byte>();
        new MessagePackWriter(buffer).Write(moment);
        var reader = new MessagePackReader(buffer.WrittenMemory);
        Assert.Equal(moment, reader.ReadDateTime());

        Assert.False(new MessagePackTimestamp(long.MaxValue, 0).TryToDateTime(out _));
        Assert.Throws<MessagePackException>(() => new MessagePackTimestamp(long.MinValue, 0).ToDateTime());
    }
}
