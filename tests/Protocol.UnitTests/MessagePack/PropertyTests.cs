using System.Buffers;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Protocol.UnitTests.Support;
using FsCheck;

namespace AgentPlatform.Protocol.UnitTests.MessagePack;

/// <summary>FsCheck round-trip properties (run with FsCheck's own runner; a failure throws with the shrunk case).</summary>
public class PropertyTests
{
    private static void Check(Property property, int tests = 500)
    {
        var config = Configuration.QuickThrowOnFailure;
        config.MaxNbOfTest = tests;
        config.QuietOnSuccess = true;
        property.Check(config);
    }

    [Fact]
    public void Any_value_round_trips_through_its_bytes_whole_and_split() => Check(Prop.ForAll(MsgPackGen.Arbitrary, Arb.From(Gen.Choose(1, 9)), (value, segment) =>
    {
        var bytes = value.ToBytes();
        var read = MsgPackValue.FromRaw(bytes);
        Assert.Equal(value, read);
        Assert.Equal(bytes, read.ToBytes());
        var reader = new MessagePackReader(Segments.Split(bytes, segment));
        var split = MsgPackValue.Read(ref reader);
        Assert.True(reader.End);
        Assert.Equal(value, split);
        // Rebuilding from the decoded parts (no raw bytes) gives the same preferred encoding.
        Assert.Equal(bytes, Rebuild(split).ToBytes());
    }));

    [Fact]
    public void Integers_round_trip_in_their_smallest_encoding() => Check(Prop.ForAll(MsgPackGen.Integers.ToArbitrary(), value =>
    {
        var buffer = new ArrayBufferWriter<byte>();
        new MessagePackWriter(buffer).Write(value);
        var expectedSize = value switch
        {
            >= -32 and <= 127 => 1,
            >= 0 and <= byte.MaxValue or >= sbyte.MinValue and < 0 => 2,
            >= 0 and <= ushort.MaxValue or >= short.MinValue and < 0 => 3,
            >= 0 and <= uint.MaxValue or >= int.MinValue and < 0 => 5,
            _ => 9,
        };
        Assert.Equal(expectedSize, buffer.WrittenCount);
        var reader = new MessagePackReader(buffer.WrittenMemory);
        Assert.Equal(value, reader.ReadInt64());
    }), 2000);

    [Fact]
    public void Unsigned_integers_floats_and_strings_round_trip() => Check(Prop.ForAll(MsgPackGen.UnsignedIntegers.ToArbitrary(), MsgPackGen.Doubles.ToArbitrary(), MsgPackGen.Strings.ToArbitrary(), (u, d, s) =>
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.Write(u);
        writer.Write(d);
        writer.Write((float)d);
        writer.Write(s);
        var reader = new MessagePackReader(Segments.Split(buffer.WrittenSpan.ToArray(), 3));
        Assert.Equal(u, reader.ReadUInt64());
        Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits(reader.ReadDouble()));
        Assert.Equal(BitConverter.SingleToInt32Bits((float)d), BitConverter.SingleToInt32Bits(reader.ReadSingle()));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(s)), reader.ReadString());
        Assert.True(reader.End);
    }), 1000);

    [Fact]
    public void Timestamps_round_trip_in_their_smallest_size() => Check(Prop.ForAll(MsgPackGen.Timestamp.ToArbitrary(), timestamp =>
    {
        var buffer = new ArrayBufferWriter<byte>();
        new MessagePackWriter(buffer).Write(timestamp);
        Assert.Equal(timestamp.EncodedLength + (timestamp.EncodedLength == 12 ? 3 : 2), buffer.WrittenCount);
        var reader = new MessagePackReader(buffer.WrittenMemory);
        Assert.Equal(timestamp, reader.ReadTimestamp());
    }), 1000);

    [Fact]
    public void Json_text_is_stable_after_one_conversion() => Check(Prop.ForAll(MsgPackGen.Arbitrary, value =>
    {
        var json = MsgPackJson.ToJsonString(value);
        Assert.Equal(json, MsgPackJson.ToJsonString(MsgPackJson.Parse(json)));
    }));

    [Fact]
    public void Any_frame_round_trips_byte_identically() => Check(Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), MsgPackGen.Arbitrary, (seed, payload) =>
    {
        var frame = RandomFrames.Create(new System.Random(seed), () => payload);
        var bytes = AspV1Protocol.ToArray(frame);
        var parsed = AspV1Protocol.Parse(Segments.Split(bytes, 1 + (seed % 13)));
        Assert.Equal(frame, parsed);
        Assert.Equal(bytes, AspV1Protocol.ToArray(parsed));
    }), 1000);

    private static MsgPackValue Rebuild(MsgPackValue value) => value.Kind switch
    {
        MsgPackValueKind.Nil => MsgPackValue.Nil,
        MsgPackValueKind.Boolean => MsgPackValue.From(value.AsBoolean()),
        MsgPackValueKind.Integer => value.TryGetInt64(out var signed) ? MsgPackValue.From(signed) : MsgPackValue.From(value.AsUInt64()),
        MsgPackValueKind.Float => value.IsSingle ? MsgPackValue.From((float)value.AsDouble()) : MsgPackValue.From(value.AsDouble()),
        MsgPackValueKind.String => MsgPackValue.FromUtf8(value.AsUtf8().ToArray()),
        MsgPackValueKind.Binary => MsgPackValue.FromBinary(value.AsBinary().ToArray()),
        MsgPackValueKind.Extension => MsgPackValue.FromExtension(value.ExtensionType, value.ExtensionData.ToArray()),
        MsgPackValueKind.Array => MsgPackValue.Array(value.AsArray().Select(Rebuild)),
        _ => MsgPackValue.Map(value.AsMap().Select(e => new KeyValuePair<MsgPackValue, MsgPackValue>(Rebuild(e.Key), Rebuild(e.Value)))),
    };
}
