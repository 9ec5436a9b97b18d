using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.UnitTests.Fuzz;

/// <summary>
/// Mutation fuzzer for asp-v1 messages: flips bits, overwrites bytes with format codes that announce lengths,
/// inserts, deletes, truncates, duplicates and splices. Every outcome must be a frame that writes and parses
/// back to itself, or an <see cref="AspProtocolException"/>; anything else is a finding. Shared by the test
/// suite (10,000 cases) and bench/Protocol.Bench (1,000,000 cases).
/// </summary>
public static class FrameFuzzer
{
    // Codes that make a reader trust a length or a count, the interesting ones to plant.
    private static readonly byte[] Interesting =
    [
        0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb,
        0xcc, 0xcf, 0xd0, 0xd3, 0xd4, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xff,
    ];

    /// <summary>The outcome counts of a run.</summary>
    public readonly record struct Result(long Cases, long Parsed, long Rejected, IReadOnlyList<string> Findings);

    public static byte[] Mutate(Random random, byte[] seed, byte[] other)
    {
        var bytes = new List<byte>(seed);
        var mutations = 1 + random.Next(4);
        for (var m = 0; m < mutations; m++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(9))
            {
                case 0 when bytes.Count > 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1 when bytes.Count > 0: bytes[at] = Interesting[random.Next(Interesting.Length)]; break;
                case 2 when bytes.Count > 0: bytes[at] = (byte)random.Next(256); break;
                case 3: bytes.Insert(at, Interesting[random.Next(Interesting.Length)]); break;
                case 4 when bytes.Count > 0: bytes.RemoveAt(at); break;
                case 5: bytes.RemoveRange(at, bytes.Count - at); break;
                case 6 when bytes.Count > 0:
                    var length = random.Next(1, Math.Min(16, bytes.Count - at) + 1);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                case 7:
                    var start = random.Next(other.Length);
                    bytes.InsertRange(at, other.AsSpan(start, random.Next(other.Length - start + 1)).ToArray());
                    break;
                default:
                    if (bytes.Count > 1) bytes[at] = (byte)random.Next(0x0b);   // a valid opcode in a wrong place
                    break;
            }
        }
        return [.. bytes];
    }

    /// <summary>Runs <paramref name="cases"/> mutations of <paramref name="seeds"/>; returns counts and findings (at most 20).</summary>
    public static Result Run(IReadOnlyList<byte[]> seeds, long cases, int randomSeed)
    {
        var random = new Random(randomSeed);
        long parsed = 0, rejected = 0;
        var findings = new List<string>();
        for (long i = 0; i < cases; i++)
        {
            var message = Mutate(random, seeds[random.Next(seeds.Count)], seeds[random.Next(seeds.Count)]);
            try
            {
                var frame = AspV1Protocol.Parse(message);
                var again = AspV1Protocol.Parse(AspV1Protocol.ToArray(frame));
                if (!again.Equals(frame)) throw new InvalidOperationException("re-encoded frame differs: " + frame);
                parsed++;
            }
            catch (AspProtocolException)
            {
                rejected++;
            }
#pragma warning disable CA1031 // A fuzzer records every other exception as a finding instead of stopping.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (findings.Count < 20) findings.Add(ex.GetType().Name + ": " + ex.Message + " for " + Convert.ToHexString(message));
            }
        }
        return new Result(cases, parsed, rejected, findings);
    }

    /// <summary>The same for bare MessagePack values: only MessagePackException, and what parses re-encodes byte for byte.</summary>
    public static Result RunValues(IReadOnlyList<byte[]> seeds, long cases, int randomSeed)
    {
        var random = new Random(randomSeed);
        long parsed = 0, rejected = 0;
        var findings = new List<string>();
        for (long i = 0; i < cases; i++)
        {
            var bytes = Mutate(random, seeds[random.Next(seeds.Count)], seeds[random.Next(seeds.Count)]);
            try
            {
                var value = MsgPackValue.FromRaw(bytes);
                if (!value.ToBytes().AsSpan().SequenceEqual(bytes)) throw new InvalidOperationException("not byte-identical");
                _ = MsgPackJson.ToJsonString(value);
                _ = value.GetHashCode();
                parsed++;
            }
            catch (MessagePackException)
            {
                rejected++;
            }
#pragma warning disable CA1031 // As above: everything else is a finding.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (findings.Count < 20) findings.Add(ex.GetType().Name + ": " + ex.Message + " for " + Convert.ToHexString(bytes));
            }
        }
        return new Result(cases, parsed, rejected, findings);
    }
}
