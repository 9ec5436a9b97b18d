namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// Makes fuzzed inputs from a format's seeds, deterministically from one random seed: 1 to 4 mutations of a valid
/// seed (bit flips, random bytes, byte inserts and deletes, truncation, duplicated runs, splices of two seeds,
/// dictionary tokens inserted or written over) or, one time in twenty, pure random bytes.
/// </summary>
public sealed class FuzzMutator(FuzzFormat format, int seed)
{
    /// <summary>Inputs stay below this so that one format's million runs in seconds.</summary>
    private const int MaxInput = 64 * 1024;

    private readonly Random _random = new(seed);
    private readonly List<byte> _bytes = new(1024);

    public byte[] Next()
    {
        var r = _random;
        if (r.Next(20) == 0)
        {
            var noise = new byte[r.Next(r.Next(2) == 0 ? 16 : 512)];
            r.NextBytes(noise);
            return noise;
        }
        var seeds = format.Seeds;
        _bytes.Clear();
        _bytes.AddRange(seeds[r.Next(seeds.Count)]);
        for (var m = 1 + r.Next(4); m > 0; m--) Mutate(r, seeds);
        if (_bytes.Count > MaxInput) _bytes.RemoveRange(MaxInput, _bytes.Count - MaxInput);
        return [.. _bytes];
    }

    private void Mutate(Random r, IReadOnlyList<byte[]> seeds)
    {
        var bytes = _bytes;
        var count = bytes.Count;
        var at = count == 0 ? 0 : r.Next(count);
        var tokens = format.Tokens;
        switch (r.Next(12))
        {
            case 0 when count > 0: bytes[at] ^= (byte)(1 << r.Next(8)); break;
            case 1 when count > 0: bytes[at] = (byte)r.Next(256); break;
            case 2: bytes.Insert(at, (byte)r.Next(256)); break;
            case 3 when count > 0: bytes.RemoveRange(at, Math.Min(count - at, 1 + r.Next(r.Next(2) == 0 ? 2 : 16))); break;
            case 4: bytes.RemoveRange(at, count - at); break;
            case 5 when count > 0:
                var run = bytes.GetRange(at, 1 + r.Next(Math.Min(32, count - at)));
                for (var times = 1 + r.Next(3); times > 0; times--) bytes.InsertRange(at, run);
                break;
            case 6:
                // Splice: this input's head, another seed's tail (or its head inserted here).
                var other = seeds[r.Next(seeds.Count)];
                var from = r.Next(other.Length + 1);
                if (r.Next(2) == 0)
                {
                    bytes.RemoveRange(at, count - at);
                    bytes.AddRange(other.AsSpan(from).ToArray());
                }
                else
                {
                    bytes.InsertRange(at, other.AsSpan(0, from).ToArray());
                }
                break;
            case 7 or 8:
                bytes.InsertRange(at, tokens[r.Next(tokens.Count)]);
                break;
            case 9 when count > 0:
                var token = tokens[r.Next(tokens.Count)];
                var over = Math.Min(token.Length, count - at);
                for (var i = 0; i < over; i++) bytes[at + i] = token[i];
                if (over < token.Length) bytes.AddRange(token.AsSpan(over).ToArray());
                break;
            case 10 when count > 1:
                // Swap two bytes: reorders punctuation and codes without changing the alphabet.
                var b = r.Next(count);
                (bytes[at], bytes[b]) = (bytes[b], bytes[at]);
                break;
            default:
                if (count > 0) bytes[at] = (byte)(bytes[at] + r.Next(-3, 4));
                break;
        }
    }
}
