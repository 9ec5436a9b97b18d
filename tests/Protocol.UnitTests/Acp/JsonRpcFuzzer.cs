using System.Text;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Protocol.UnitTests.Acp;

/// <summary>
/// Random inputs for <see cref="JsonRpcParser"/>: random bytes, and valid ACP messages mutated at the byte level
/// (flips, planted JSON punctuation, insertions, deletions, truncation, splices) and at the JSON level (a field
/// replaced by another kind of value, removed, or nested deeply). The property: Parse returns, and returns exactly
/// one of a message or an error response, each of which writes and parses back to the same thing.
/// </summary>
public static class JsonRpcFuzzer
{
    public static readonly string[] Seeds =
    [
        """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":1,"clientCapabilities":{"fs":{"readTextFile":true}},"_meta":{"agentplatform/replay":true}}}""",
        """{"jsonrpc":"2.0","id":"2","method":"session/new","params":{"cwd":"/","mcpServers":[]}}""",
        """{"jsonrpc":"2.0","id":3,"method":"session/prompt","params":{"sessionId":"5d1c","prompt":[{"type":"text","text":"héllo \u00e9 \ud83d\ude00"}]}}""",
        """{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"5d1c","update":{"sessionUpdate":"agent_message_chunk","content":{"type":"text","text":"x"}},"_meta":{"agentplatform/seq":7}}}""",
        """{"jsonrpc":"2.0","method":"session/cancel","params":{"sessionId":"5d1c"}}""",
        """{"jsonrpc":"2.0","id":"agentplatform-1","result":{"outcome":{"outcome":"selected","optionId":"allow"}}}""",
        """{"jsonrpc":"2.0","id":9,"error":{"code":-32002,"message":"Resource not found","data":{"sessionId":"s"}}}""",
        """[{"jsonrpc":"2.0","id":1,"method":"m"},{"jsonrpc":"2.0","method":"n"}]""",
        """{"jsonrpc":"2.0","id":null,"result":null}""",
        """{"jsonrpc":"2.0","id":1.5e300,"method":"$/cancel_request","params":{"requestId":-0}}""",
    ];

    private static readonly byte[] Planted = Encoding.ASCII.GetBytes("{}[]\",:\\0123456789-+.eEtrufalsn \t\r\n");

    /// <summary>The outcome counts of a run.</summary>
    public readonly record struct Result(long Cases, long Messages, long Errors, long InvalidUtf8, long Tolerated, IReadOnlyList<string> Findings);

    /// <summary>One random input: raw bytes, a byte-mutated seed or a JSON-mutated seed.</summary>
    public static byte[] Next(Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                var raw = new byte[random.Next(0, 48)];
                // Mostly printable ASCII and JSON punctuation, sometimes any byte.
                for (var i = 0; i < raw.Length; i++) raw[i] = random.Next(4) == 0 ? (byte)random.Next(256) : Planted[random.Next(Planted.Length)];
                return raw;
            case 1:
                return MutateJson(random, Seeds[random.Next(Seeds.Length)]);
            default:
                return MutateBytes(random, Encoding.UTF8.GetBytes(Seeds[random.Next(Seeds.Length)]), Encoding.UTF8.GetBytes(Seeds[random.Next(Seeds.Length)]));
        }
    }

    public static byte[] MutateBytes(Random random, byte[] seed, byte[] other)
    {
        var bytes = new List<byte>(seed);
        var mutations = 1 + random.Next(4);
        for (var m = 0; m < mutations; m++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(8))
            {
                case 0 when bytes.Count > 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1 when bytes.Count > 0: bytes[at] = Planted[random.Next(Planted.Length)]; break;
                case 2: bytes.Insert(at, Planted[random.Next(Planted.Length)]); break;
                case 3 when bytes.Count > 0: bytes.RemoveAt(at); break;
                case 4: bytes.RemoveRange(at, bytes.Count - at); break;
                case 5 when bytes.Count > 0:
                    var length = random.Next(1, Math.Min(24, bytes.Count - at) + 1);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                case 6:
                    var start = random.Next(other.Length);
                    bytes.InsertRange(at, other.AsSpan(start, random.Next(other.Length - start + 1)).ToArray());
                    break;
                default:
                    if (bytes.Count > 0) bytes[at] = (byte)random.Next(256);
                    break;
            }
        }
        return [.. bytes];
    }

    /// <summary>Replaces, removes or deeply nests one member of a seed's top-level object or its params.</summary>
    public static byte[] MutateJson(Random random, string seed)
    {
        var node = JsonNode.Parse(seed)!;
        var target = node is JsonObject o && o["params"] is JsonObject p && random.Next(2) == 0 ? p : node as JsonObject;
        if (target is not null && target.Count > 0)
        {
            var key = target.ElementAt(random.Next(target.Count)).Key;
            switch (random.Next(3))
            {
                case 0: target.Remove(key); break;
                case 1: target[key] = RandomValue(random, 0); break;
                default:
                    JsonNode deep = 1;
                    for (var i = random.Next(1, JsonRpcParser.MaxDepth + 8); i > 0; i--) deep = random.Next(2) == 0 ? new JsonArray(deep) : new JsonObject { ["k"] = deep };
                    target[key] = deep;
                    break;
            }
        }
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private static JsonNode? RandomValue(Random random, int depth) => random.Next(depth > 2 ? 6 : 8) switch
    {
        0 => null,
        1 => random.Next(2) == 0,
        2 => random.Next(-3, 4),
        3 => random.NextDouble() * 1e6,
        4 => new string((char)random.Next(32, 0x3000), random.Next(0, 5)),
        5 => "2.0",
        6 => new JsonArray(RandomValue(random, depth + 1), RandomValue(random, depth + 1)),
        _ => new JsonObject { ["code"] = RandomValue(random, depth + 1), ["message"] = "m" },
    };

    /// <summary>Checks one input; null when the property holds, else what went wrong.</summary>
    public static string? Check(byte[] input, out bool message)
    {
        message = false;
        JsonRpcParseResult result;
        try
        {
            result = JsonRpcParser.Parse(input);
        }
        catch (Exception ex)
        {
            return "threw " + ex.GetType().Name + ": " + ex.Message;
        }
        if ((result.Message is null) == (result.ErrorResponse is null)) return "not exactly one of message and error response";
        try
        {
            if (result.Message is { } parsed)
            {
                message = true;
                _ = (parsed.Method, parsed.IdKey, parsed.SessionId, parsed.Params, parsed.Result, parsed.Error);
                var again = JsonRpcParser.Parse(parsed.ToUtf8());
                if (again.Message is not { } reparsed) return "a parsed message did not parse back";
                if (reparsed.Kind != parsed.Kind || reparsed.IdKey != parsed.IdKey || reparsed.Method != parsed.Method) return "a parsed message changed on the way back";
                return null;
            }
            var error = result.ErrorResponse!;
            var code = (int?)error.Error?["code"];
            if (error.Kind != JsonRpcKind.Response || code is not (JsonRpcErrorCodes.ParseError or JsonRpcErrorCodes.InvalidRequest)) return "an error response that is not -32700/-32600";
            var back = JsonRpcParser.Parse(error.ToUtf8());
            if (back.Message is not { IsError: true } echoed || echoed.IdKey != error.IdKey) return "an error response that does not parse back";
            if (code == JsonRpcErrorCodes.ParseError && error.Id is not null) return "a parse error with an id";
            return null;
        }
        catch (Exception ex)
        {
            return "reading the result threw " + ex.GetType().Name + ": " + ex.Message;
        }
    }

    /// <summary>Runs at most <paramref name="cases"/> inputs or until <paramref name="budget"/> is spent.</summary>
    /// <paramref name="tolerated"/> findings are counted, not listed (known bugs reported elsewhere).
    public static Result Run(int randomSeed, long cases, TimeSpan budget, bool validUtf8Only, Func<string, bool>? tolerated = null)
    {
        var random = new Random(randomSeed);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long run = 0, messages = 0, errors = 0, invalid = 0, known = 0;
        var findings = new List<string>();
        while (run < cases && clock.Elapsed < budget)
        {
            var input = Next(random);
            var valid = System.Text.Unicode.Utf8.IsValid(input);
            if (!valid)
            {
                invalid++;
                if (validUtf8Only) continue;
            }
            run++;
            var finding = Check(input, out var isMessage);
            if (finding is not null && tolerated?.Invoke(finding) == true)
            {
                known++;
                continue;
            }
            if (finding is not null)
            {
                if (findings.Count < 20) findings.Add(finding + " for " + Convert.ToHexString(input));
                continue;
            }
            if (isMessage) messages++;
            else errors++;
        }
        return new Result(run, messages, errors, invalid, known, findings);
    }
}
