using System.Runtime.InteropServices;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Protocol.UnitTests.Support;

namespace AgentPlatform.Protocol.UnitTests.MessagePack;

public class MsgPackValueTests
{
    [Fact]
    public void A_value_from_bytes_keeps_the_same_memory_and_its_children_keep_slices_of_it()
    {
        var bytes = Hex.Parse("82 a1 61 d3 00 00 00 00 00 00 00 01 a1 62 92 c0 da 00 01 7a");
        var value = MsgPackValue.FromRaw(bytes);
        Assert.True(value.TryGetRaw(out var raw));
        Assert.True(MemoryMarshal.TryGetArray(raw, out var segment));
        Assert.Same(bytes, segment.Array);

        Assert.Equal(2, value.Count);
        Assert.Equal(1, value["a"].AsInt64());
        Assert.True(value["a"].TryGetRaw(out var child));
        Assert.Equal("d3 00 00 00 00 00 00 00 01", Hex.Format(child.Span));
        Assert.Equal("z", value["b"][1].AsString());
        Assert.True(value["b"][0].IsNil);
        Assert.Equal(bytes, value.ToBytes());
    }

    [Fact]
    public void Rebuilding_a_value_from_its_parts_gives_the_preferred_encoding()
    {
        var value = MsgPackValue.FromRaw(Hex.Parse("82 a1 61 d3 00 00 00 00 00 00 00 01 a1 62 92 c0 da 00 01 7a"));
        var rebuilt = MsgPackValue.Map(value.AsMap().Select(e => new KeyValuePair<MsgPackValue, MsgPackValue>(e.Key, e.Value.Kind == MsgPackValueKind.Integer ? MsgPackValue.From(e.Value.AsInt64()) : e.Value)));
        Assert.Equal(value, rebuilt);
        Assert.Equal("82 a1 61 01 a1 62 92 c0 da 00 01 7a", Hex.Format(rebuilt.ToBytes()));
        Assert.Equal(value.GetHashCode(), rebuilt.GetHashCode());
    }

    [Fact]
    public void Equality_is_by_content_not_by_encoding()
    {
        Assert.Equal(MsgPackValue.FromRaw(Hex.Parse("d3 00 00 00 00 00 00 00 05")), MsgPackValue.From(5));
        Assert.Equal(MsgPackValue.From(1.5f), MsgPackValue.From(1.5));
        Assert.Equal(MsgPackValue.From(double.NaN), MsgPackValue.From(double.NaN));
        Assert.NotEqual(MsgPackValue.From(1), MsgPackValue.From(1.0));
        Assert.NotEqual(MsgPackValue.From("a"), MsgPackValue.FromBinary("a"u8.ToArray()));
        Assert.NotEqual(MsgPackValue.FromExtension(1, new byte[] { 1 }), MsgPackValue.FromExtension(2, new byte[] { 1 }));
        Assert.NotEqual(MsgPackValue.Map(("a", 1), ("b", 2)), MsgPackValue.Map(("b", 2), ("a", 1)));
        Assert.Equal(MsgPackValue.From(ulong.MaxValue), MsgPackValue.FromRaw(Hex.Parse("cf ff ff ff ff ff ff ff ff")));
        Assert.NotEqual(MsgPackValue.From(ulong.MaxValue), MsgPackValue.From(-1));
        Assert.True(MsgPackValue.From("x") == "x");
    }

    [Fact]
    public void Accessors_check_the_kind()
    {
        var text = MsgPackValue.From("x");
        Assert.Throws<InvalidOperationException>(() => text.AsInt64());
        Assert.Throws<InvalidOperationException>(() => text.AsArray());
        Assert.Throws<InvalidOperationException>(() => MsgPackValue.From(-1).AsUInt64());
        Assert.Throws<InvalidOperationException>(() => MsgPackValue.From(ulong.MaxValue).AsInt64());
        Assert.Throws<KeyNotFoundException>(() => MsgPackValue.Map(("a", 1))["b"]);
        Assert.False(text.TryGetValue("a", out _));
        Assert.Equal(0, text.Count);
        Assert.Equal(ulong.MaxValue, MsgPackValue.From(ulong.MaxValue).AsUInt64());
        Assert.Equal(3.0, MsgPackValue.From(3).AsDouble());
        Assert.True(MsgPackValue.From(1.5f).IsSingle);
    }

    [Fact]
    public void Timestamps_are_extension_values_of_type_minus_one()
    {
        var value = MsgPackValue.From(new MessagePackTimestamp(1_700_000_000, 5));
        Assert.Equal(MsgPackValueKind.Extension, value.Kind);
        Assert.Equal(-1, value.ExtensionType);
        Assert.True(value.TryGetTimestamp(out var timestamp));
        Assert.Equal(new MessagePackTimestamp(1_700_000_000, 5), timestamp);
        Assert.False(MsgPackValue.FromExtension(3, new byte[4]).TryGetTimestamp(out _));
    }

    [Fact]
    public void Concurrent_first_inspection_decodes_consistently()
    {
        for (var round = 0; round < 50; round++)
        {
            var value = MsgPackValue.FromRaw(MsgPackValue.Array(Enumerable.Range(0, 200).Select(i => MsgPackValue.Map(("i", i), ("s", "v" + i)))).ToBytes());
            Parallel.For(0, 8, _ =>
            {
                Assert.Equal(200, value.Count);
                Assert.Equal("v199", value[199]["s"].AsString());
            });
        }
    }

    [Fact]
    public void FromRaw_rejects_anything_but_exactly_one_value()
    {
        Assert.Throws<MessagePackException>(() => MsgPackValue.FromRaw(Hex.Parse("01 02")));
        Assert.Throws<MessagePackException>(() => MsgPackValue.FromRaw(ReadOnlyMemory<byte>.Empty));
    }

    [Fact]
    public void Read_copies_so_the_value_outlives_the_buffer()
    {
        var bytes = Hex.Parse("92 a1 61 a1 62");
        var reader = new MessagePackReader(bytes);
        var value = MsgPackValue.Read(ref reader);
        Array.Clear(bytes);
        Assert.Equal(MsgPackValue.Array("a", "b"), value);
    }
}
