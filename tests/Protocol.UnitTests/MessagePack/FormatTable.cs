using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Protocol.UnitTests.Support;

namespace AgentPlatform.Protocol.UnitTests.MessagePack;

/// <summary>
/// Every format of the MessagePack specification at its size-class boundaries: a value and its preferred (smallest)
/// encoding. Shared by the writer tests (value to bytes) and the reader tests (bytes to value).
/// </summary>
public static class FormatTable
{
    public static IReadOnlyList<(string Name, MsgPackValue Value, byte[] Bytes)> Preferred { get; } = Build();

    private static List<(string, MsgPackValue, byte[])> Build()
    {
        var rows = new List<(string, MsgPackValue, byte[])>
        {
            ("nil", MsgPackValue.Nil, H("c0")),
            ("false", false, H("c2")),
            ("true", true, H("c3")),
            ("fixint 0", 0, H("00")),
            ("fixint 127", 127, H("7f")),
            ("uint8 128", 128, H("cc 80")),
            ("uint8 255", 255, H("cc ff")),
            ("uint16 256", 256, H("cd 01 00")),
            ("uint16 65535", 65535, H("cd ff ff")),
            ("uint32 65536", 65536, H("ce 00 01 00 00")),
            ("uint32 max", 4294967295L, H("ce ff ff ff ff")),
            ("uint64 2^32", 4294967296L, H("cf 00 00 00 01 00 00 00 00")),
            ("uint64 long max", long.MaxValue, H("cf 7f ff ff ff ff ff ff ff")),
            ("uint64 max", MsgPackValue.From(ulong.MaxValue), H("cf ff ff ff ff ff ff ff ff")),
            ("negative fixint -1", -1, H("ff")),
            ("negative fixint -32", -32, H("e0")),
            ("int8 -33", -33, H("d0 df")),
            ("int8 -128", -128, H("d0 80")),
            ("int16 -129", -129, H("d1 ff 7f")),
            ("int16 -32768", -32768, H("d1 80 00")),
            ("int32 -32769", -32769, H("d2 ff ff 7f ff")),
            ("int32 min", int.MinValue, H("d2 80 00 00 00")),
            ("int64 int min - 1", (long)int.MinValue - 1, H("d3 ff ff ff ff 7f ff ff ff")),
            ("int64 min", long.MinValue, H("d3 80 00 00 00 00 00 00 00")),
            ("float32 1.5", MsgPackValue.From(1.5f), H("ca 3f c0 00 00")),
            ("float64 1.5", 1.5, H("cb 3f f8 00 00 00 00 00 00")),
            ("float64 -0.0", -0.0, H("cb 80 00 00 00 00 00 00 00")),
            ("float64 infinity", double.PositiveInfinity, H("cb 7f f0 00 00 00 00 00 00")),
            ("fixstr empty", "", H("a0")),
            ("fixstr a", "a", H("a1 61")),
            ("fixstr e-acute", "é", H("a2 c3 a9")),
            ("fixstr 31", new string('x', 31), Cat(H("bf"), Repeat((byte)'x', 31))),
            ("str8 32", new string('x', 32), Cat(H("d9 20"), Repeat((byte)'x', 32))),
            ("str8 255", new string('x', 255), Cat(H("d9 ff"), Repeat((byte)'x', 255))),
            ("str16 256", new string('x', 256), Cat(H("da 01 00"), Repeat((byte)'x', 256))),
            ("str16 65535", new string('x', 65535), Cat(H("da ff ff"), Repeat((byte)'x', 65535))),
            ("str32 65536", new string('x', 65536), Cat(H("db 00 01 00 00"), Repeat((byte)'x', 65536))),
            ("bin8 empty", MsgPackValue.FromBinary(Array.Empty<byte>()), H("c4 00")),
            ("bin8 255", MsgPackValue.FromBinary(Repeat(7, 255)), Cat(H("c4 ff"), Repeat(7, 255))),
            ("bin16 256", MsgPackValue.FromBinary(Repeat(7, 256)), Cat(H("c5 01 00"), Repeat(7, 256))),
            ("bin32 65536", MsgPackValue.FromBinary(Repeat(7, 65536)), Cat(H("c6 00 01 00 00"), Repeat(7, 65536))),
            ("fixarray empty", MsgPackValue.Array(), H("90")),
            ("fixarray 15", Ints(15), Cat(H("9f"), Repeat(1, 15))),
            ("array16 16", Ints(16), Cat(H("dc 00 10"), Repeat(1, 16))),
            ("array16 65535", Ints(65535), Cat(H("dc ff ff"), Repeat(1, 65535))),
            ("array32 65536", Ints(65536), Cat(H("dd 00 01 00 00"), Repeat(1, 65536))),
            ("fixmap empty", MsgPackValue.Map(), H("80")),
            ("fixmap 1", MsgPackValue.Map(("a", 1)), H("81 a1 61 01")),
            ("fixmap 15", Pairs(15), Cat(H("8f"), Repeat(1, 30))),
            ("map16 16", Pairs(16), Cat(H("de 00 10"), Repeat(1, 32))),
            ("map32 65536", Pairs(65536), Cat(H("df 00 01 00 00"), Repeat(1, 131072))),
            ("fixext1", MsgPackValue.FromExtension(5, H("aa")), H("d4 05 aa")),
            ("fixext2", MsgPackValue.FromExtension(5, H("aa bb")), H("d5 05 aa bb")),
            ("fixext4", MsgPackValue.FromExtension(-128, Repeat(9, 4)), Cat(H("d6 80"), Repeat(9, 4))),
            ("fixext8", MsgPackValue.FromExtension(127, Repeat(9, 8)), Cat(H("d7 7f"), Repeat(9, 8))),
            ("fixext16", MsgPackValue.FromExtension(5, Repeat(9, 16)), Cat(H("d8 05"), Repeat(9, 16))),
            ("ext8 empty", MsgPackValue.FromExtension(5, Array.Empty<byte>()), H("c7 00 05")),
            ("ext8 3", MsgPackValue.FromExtension(5, H("01 02 03")), H("c7 03 05 01 02 03")),
            ("ext8 255", MsgPackValue.FromExtension(5, Repeat(9, 255)), Cat(H("c7 ff 05"), Repeat(9, 255))),
            ("ext16 256", MsgPackValue.FromExtension(5, Repeat(9, 256)), Cat(H("c8 01 00 05"), Repeat(9, 256))),
            ("ext32 65536", MsgPackValue.FromExtension(5, Repeat(9, 65536)), Cat(H("c9 00 01 00 00 05"), Repeat(9, 65536))),
            ("timestamp32 epoch", MsgPackValue.From(new MessagePackTimestamp(0, 0)), H("d6 ff 00 00 00 00")),
            ("timestamp32 max", MsgPackValue.From(new MessagePackTimestamp(uint.MaxValue, 0)), H("d6 ff ff ff ff ff")),
            ("timestamp64 1s 1ns", MsgPackValue.From(new MessagePackTimestamp(1, 1)), H("d7 ff 00 00 00 04 00 00 00 01")),
            ("timestamp64 max", MsgPackValue.From(new MessagePackTimestamp((1L << 34) - 1, 999_999_999)), H("d7 ff ee 6b 27 ff ff ff ff ff")),
            ("timestamp96 before epoch", MsgPackValue.From(new MessagePackTimestamp(-1, 0)), H("c7 0c ff 00 00 00 00 ff ff ff ff ff ff ff ff")),
            ("timestamp96 2^34", MsgPackValue.From(new MessagePackTimestamp(1L << 34, 5)), H("c7 0c ff 00 00 00 05 00 00 00 04 00 00 00 00")),
            ("nested", MsgPackValue.Map(("a", MsgPackValue.Array(1, "b", MsgPackValue.Nil)), ("c", MsgPackValue.Map())), H("82 a1 61 93 01 a1 62 c0 a1 63 80")),
        };
        return rows;
    }

    /// <summary>Legal but not preferred encodings, and the value each reads as.</summary>
    public static IReadOnlyList<(string Hex, MsgPackValue Value)> NonPreferred { get; } =
    [
        ("cc 05", 5), ("cd 00 05", 5), ("ce 00 00 00 05", 5), ("cf 00 00 00 00 00 00 00 05", 5),
        ("d0 05", 5), ("d1 00 05", 5), ("d2 00 00 00 05", 5), ("d3 00 00 00 00 00 00 00 05", 5),
        ("d0 ff", -1), ("d1 ff ff", -1), ("d2 ff ff ff ff", -1), ("d3 ff ff ff ff ff ff ff ff", -1),
        ("d9 01 61", "a"), ("da 00 01 61", "a"), ("db 00 00 00 01 61", "a"),
        ("c5 00 01 ff", MsgPackValue.FromBinary(new byte[] { 0xff })), ("c6 00 00 00 01 ff", MsgPackValue.FromBinary(new byte[] { 0xff })),
        ("dc 00 01 01", MsgPackValue.Array(1)), ("dd 00 00 00 01 01", MsgPackValue.Array(1)),
        ("de 00 01 a1 61 01", MsgPackValue.Map(("a", 1))), ("df 00 00 00 01 a1 61 01", MsgPackValue.Map(("a", 1))),
        ("c7 01 05 aa", MsgPackValue.FromExtension(5, new byte[] { 0xaa })), ("c8 00 01 05 aa", MsgPackValue.FromExtension(5, new byte[] { 0xaa })),
        ("c9 00 00 00 01 05 aa", MsgPackValue.FromExtension(5, new byte[] { 0xaa })),
        ("ca 3f c0 00 00", 1.5),
        ("c7 08 ff 00 00 00 00 00 00 00 01", MsgPackValue.FromExtension(-1, Hex.Parse("00 00 00 00 00 00 00 01"))),
    ];

    private static byte[] H(string hex) => Hex.Parse(hex);

    private static byte[] Cat(byte[] a, byte[] b) => [.. a, .. b];

    private static byte[] Repeat(byte value, int count) => Enumerable.Repeat(value, count).ToArray();

    private static MsgPackValue Ints(int count) => MsgPackValue.Array(Enumerable.Repeat(MsgPackValue.From(1), count));

    private static MsgPackValue Pairs(int count) =>
        MsgPackValue.Map(Enumerable.Repeat(new KeyValuePair<MsgPackValue, MsgPackValue>(1, 1), count));
}
