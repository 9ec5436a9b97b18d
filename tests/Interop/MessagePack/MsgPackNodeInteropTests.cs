using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Interop.MessagePack;

/// <summary>
/// The C# MessagePack codec against an independent implementation, @msgpack/msgpack (node scripts under
/// tests/Interop/node/msgpack): thousands of random values each way, and the asp-v1 spec's worked examples.
/// </summary>
public sealed class MsgPackNodeInteropTests : IDisposable
{
    private const int Count = 3000;
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(90);
    private readonly string _file = Path.Combine(Path.GetTempPath(), "msgpack-interop-" + Guid.NewGuid().ToString("n") + ".jsonl");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public async Task Random_values_encoded_here_decode_in_msgpack_js_to_the_same_values()
    {
        var random = new Random(20261122);
        var lines = new StringBuilder();
        var kinds = new HashSet<byte>();
        for (var i = 0; i < Count; i++)
        {
            var value = RandomMsgPackValues.Next(random);
            var bytes = value.ToBytes();
            kinds.Add(bytes[0]);
            lines.Append(new JsonObject { ["hex"] = Convert.ToHexStringLower(bytes), ["canon"] = MsgPackCanonical.From(value) }.ToJsonString()).Append('\n');
        }
        await File.WriteAllTextAsync(_file, lines.ToString(), TestContext.Current.CancellationToken);
        // The sample must have exercised (nearly) every format code family, or the comparison proves little.
        Assert.True(kinds.Count >= 60, "only " + kinds.Count + " distinct first bytes");

        var (exitCode, output) = await NodeScript.RunAsync("tests/Interop/node/msgpack/decode-check.mjs", [_file], NodeTimeout);
        Assert.True(exitCode == 0, output);
        using var summary = JsonDocument.Parse(LastLine(output));
        Assert.Equal(Count, summary.RootElement.GetProperty("count").GetInt32());
        Assert.True(summary.RootElement.GetProperty("failures").GetArrayLength() == 0, output);
    }

    [Fact]
    public async Task Random_values_encoded_by_msgpack_js_decode_here_to_the_same_values()
    {
        var (exitCode, output) = await NodeScript.RunAsync("tests/Interop/node/msgpack/encode-random.mjs", [Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "424242"], NodeTimeout);
        Assert.True(exitCode == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith('{')).ToList();
        Assert.Equal(Count, lines.Count);
        var failures = new List<string>();
        foreach (var line in lines)
        {
            var node = JsonNode.Parse(line)!;
            var bytes = Convert.FromHexString(node["hex"]!.GetValue<string>());
            var value = MsgPackValue.FromRaw(bytes);
            if (!JsonNode.DeepEquals(node["canon"], MsgPackCanonical.From(value)))
            {
                failures.Add(line + " => " + MsgPackCanonical.From(value)?.ToJsonString());
            }
            // Byte-identical pass-through also holds for another implementation's encodings (bigints as int64/uint64).
            Assert.Equal(bytes, value.ToBytes());
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(5)));
    }

    [Fact]
    public async Task The_spec_examples_decode_in_msgpack_js_to_the_documented_json_and_re_encode_to_the_same_bytes()
    {
        var examples = AspSpecExampleFile.Load();
        Assert.True(examples.Count >= 16);
        var array = new JsonArray(examples.Select(e => (JsonNode)new JsonObject { ["name"] = e.Name, ["hex"] = e.Hex, ["json"] = e.Json }).ToArray());
        await File.WriteAllTextAsync(_file, array.ToJsonString(), TestContext.Current.CancellationToken);

        var (exitCode, output) = await NodeScript.RunAsync("tests/Interop/node/msgpack/spec-examples.mjs", [_file], NodeTimeout);
        Assert.True(exitCode == 0, output);
        using var summary = JsonDocument.Parse(LastLine(output));
        Assert.Equal(examples.Count, summary.RootElement.GetProperty("count").GetInt32());
        Assert.True(summary.RootElement.GetProperty("failures").GetArrayLength() == 0, output);

        // @msgpack/msgpack encoding the documented JSON behind the opcode gives exactly the spec's bytes: the
        // canonical form is what a plain JavaScript encoder writes, and the C# codec parses it to the same frame.
        var reencoded = summary.RootElement.GetProperty("reencoded");
        foreach (var (name, hex, _) in examples)
        {
            var js = reencoded.GetProperty(name).GetString()!;
            Assert.Equal(hex, js);
            Assert.Equal(AspV1Protocol.Parse(Convert.FromHexString(hex)), AspV1Protocol.Parse(Convert.FromHexString(js)));
        }
    }

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(l => l.StartsWith('{'));
}
