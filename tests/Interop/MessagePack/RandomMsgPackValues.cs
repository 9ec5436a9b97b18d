using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Interop.MessagePack;

/// <summary>
/// Random values of every MessagePack kind and size class, within what @msgpack/msgpack can represent exactly:
/// map keys are strings that are not array indexes (JavaScript objects reorder those), timestamps keep seconds
/// within +-2^53, and extension -1 is only ever a well-formed timestamp.
/// </summary>
public static class RandomMsgPackValues
{
    private static readonly int[] Lengths = [0, 1, 15, 16, 31, 32, 255, 256, 65535, 65536];
    private static readonly long[] Boundaries = [0, 127, 128, 255, 256, 65535, 65536, uint.MaxValue, uint.MaxValue + 1L, long.MaxValue, -1, -32, -33, -128, -129, -32768, -32769, int.MinValue, int.MinValue - 1L, long.MinValue];
    private static readonly string[] Alphabet = ["a", "Z", "0", " ", "é", "ß", "日", "😀", "\u0000", "\n", "\"", "\\"];

    public static MsgPackValue Next(Random random, int depth = 0)
    {
        var roll = random.NextDouble();
        if (depth >= 4 || roll < 0.6) return Scalar(random);
        if (roll < 0.8) return MsgPackValue.Array(Enumerable.Range(0, random.Next(7)).Select(_ => Next(random, depth + 1)).ToArray());
        var entries = new Dictionary<string, MsgPackValue>();
        for (var i = random.Next(7); i > 0; i--) entries["k" + Text(random, random.Next(6))] = Next(random, depth + 1);
        return MsgPackValue.Map(entries.Select(e => new KeyValuePair<MsgPackValue, MsgPackValue>(e.Key, e.Value)));
    }

    private static MsgPackValue Scalar(Random random) => random.Next(15) switch
    {
        0 => MsgPackValue.Nil,
        1 => random.Next(2) == 0,
        2 => Boundaries[random.Next(Boundaries.Length)],
        3 => random.NextInt64(long.MinValue, long.MaxValue),
        4 => MsgPackValue.From((ulong)random.NextInt64(long.MinValue, long.MaxValue)),
        5 => random.Next(-100_000, 100_000),
        6 => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue)),
        7 => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-20, 20)),
        8 => MsgPackValue.From(BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue))),
        9 => new[] { 0.5, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1e300, double.Epsilon }[random.Next(7)],
        10 => Text(random, random.Next(5) == 0 ? Lengths[random.Next(Lengths.Length)] : random.Next(40)),
        11 => MsgPackValue.FromBinary(Bytes(random, random.Next(5) == 0 ? Lengths[random.Next(Lengths.Length)] : random.Next(40))),
        12 => MsgPackValue.FromExtension((sbyte)(random.Next(2) == 0 ? random.Next(128) : -random.Next(2, 129)), Bytes(random, new[] { 0, 1, 2, 3, 4, 8, 16, 17, 300, 70000 }[random.Next(10)])),
        _ => MsgPackValue.From(random.Next(3) switch
        {
            0 => new MessagePackTimestamp(random.NextInt64(0, uint.MaxValue + 1L), 0),
            1 => new MessagePackTimestamp(random.NextInt64(0, 1L << 34), (uint)random.Next(1_000_000_000)),
            _ => new MessagePackTimestamp(random.NextInt64(-(1L << 53), 1L << 53), (uint)random.Next(1_000_000_000)),
        }),
    };

    private static string Text(Random random, int length)
    {
        var builder = new System.Text.StringBuilder();
        while (builder.Length < length) builder.Append(Alphabet[random.Next(Alphabet.Length)]);
        return builder.ToString();
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
