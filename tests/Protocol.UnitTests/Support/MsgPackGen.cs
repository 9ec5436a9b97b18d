using AgentPlatform.Protocol.MessagePack;
using FsCheck;

namespace AgentPlatform.Protocol.UnitTests.Support;

/// <summary>FsCheck generators for MessagePack values of every kind, weighted toward size-class boundaries.</summary>
public static class MsgPackGen
{
    private static readonly int[] BoundaryLengths = [0, 1, 15, 16, 31, 32, 255, 256, 65535, 65536];

    public static Gen<long> Integers { get; } = Gen.OneOf(
        Arb.Default.Int64().Generator,
        Arb.Default.DoNotSizeInt64().Generator.Select(v => v.Item),
        Gen.Elements(0L, 127L, 128L, 255L, 256L, 65535L, 65536L, uint.MaxValue, uint.MaxValue + 1L, long.MaxValue,
            -1L, -32L, -33L, -128L, -129L, -32768L, -32769L, int.MinValue, int.MinValue - 1L, long.MinValue));

    public static Gen<ulong> UnsignedIntegers { get; } = Gen.OneOf(Arb.Default.DoNotSizeUInt64().Generator.Select(v => v.Item), Gen.Elements(ulong.MaxValue, (ulong)long.MaxValue + 1));

    public static Gen<double> Doubles { get; } = Gen.OneOf(
        Arb.Default.Int64().Generator.Select(BitConverter.Int64BitsToDouble),
        Arb.Default.DoNotSizeInt64().Generator.Select(v => BitConverter.Int64BitsToDouble(v.Item)),
        Arb.Default.NormalFloat().Generator.Select(v => v.Item),
        Gen.Elements(0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue));

    public static Gen<float> Singles { get; } = Arb.Default.Int32().Generator.Select(BitConverter.Int32BitsToSingle);

    public static Gen<string> Strings { get; } = Gen.Frequency(
        Tuple.Create(6, Arb.Default.String().Generator.Select(s => s ?? "")),
        Tuple.Create(2, Gen.Elements("é", "日本語", "😀", "a\u0000b", "")),
        Tuple.Create(1, Gen.Elements(BoundaryLengths).Select(n => new string('é', n / 2) + new string('x', n % 2))));

    public static Gen<byte[]> Bytes { get; } = Gen.Frequency(
        Tuple.Create(4, Arb.Default.Array<byte>().Generator),
        Tuple.Create(1, Gen.Elements(BoundaryLengths).Select(n => Enumerable.Range(0, n).Select(i => (byte)i).ToArray())));

    public static Gen<MessagePackTimestamp> Timestamp { get; } = Gen.OneOf(
        Arb.Default.UInt32().Generator.Select(s => new MessagePackTimestamp(s, 0)),
        Gen.Choose(0, 999_999_999).Select(n => new MessagePackTimestamp(1L << 33, (uint)n)),
        Arb.Default.DoNotSizeInt64().Generator.Two().Select(t => new MessagePackTimestamp(t.Item1.Item, (uint)(t.Item2.Item & 0x3fffffff) % 1_000_000_000)));

    public static Gen<MsgPackValue> Scalar { get; } = Gen.OneOf(
        Gen.Constant(MsgPackValue.Nil),
        Arb.Default.Bool().Generator.Select(MsgPackValue.From),
        Integers.Select(MsgPackValue.From),
        UnsignedIntegers.Select(MsgPackValue.From),
        Doubles.Select(MsgPackValue.From),
        Singles.Select(MsgPackValue.From),
        Strings.Select(s => MsgPackValue.From(s)),
        Bytes.Select(b => MsgPackValue.FromBinary(b)),
        Arb.Default.SByte().Generator.Select(t => t == -1 ? (sbyte)1 : t)
            .Select(t => MsgPackValue.FromExtension(t, Enumerable.Repeat((byte)t, Math.Abs(t % 20)).ToArray())),
        Timestamp.Select(MsgPackValue.From));

    /// <summary>Any value, nested up to a depth bounded by the size.</summary>
    public static Gen<MsgPackValue> Value { get; } = Gen.Sized(size => Tree(Math.Min(size, 40)));

    public static Arbitrary<MsgPackValue> Arbitrary { get; } = Value.ToArbitrary();

    private static Gen<MsgPackValue> Tree(int size)
    {
        if (size <= 1) return Scalar;
        var child = Gen.Resize(size / 3, Gen.Sized(Tree));
        return Gen.Frequency(
            Tuple.Create(3, Scalar),
            Tuple.Create(1, Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(n, child)).Select(items => MsgPackValue.Array(items))),
            Tuple.Create(1, Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(n, Gen.Zip(Gen.OneOf(Strings.Select(s => MsgPackValue.From(s)), Scalar), child)))
                .Select(pairs => MsgPackValue.Map(pairs.Select(p => new KeyValuePair<MsgPackValue, MsgPackValue>(p.Item1, p.Item2))))));
    }
}
