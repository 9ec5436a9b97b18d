using System.Buffers;
using System.Text;
using AgentPlatform.Dashboard.Sources;
using AgentPlatform.Dashboard.Sse;
using FsCheck;

namespace AgentPlatform.Dashboard.UnitTests.Sse;

/// <summary>Whatever bytes a peer sends, the readers only ever yield events or their one protocol error.</summary>
public class SseFuzzTests
{
    private static readonly byte[][] Pieces =
    [
        "data: "u8.ToArray(), "event: "u8.ToArray(), "id: "u8.ToArray(), "retry: "u8.ToArray(), ":"u8.ToArray(),
        "\n"u8.ToArray(), "\r"u8.ToArray(), "\r\n"u8.ToArray(), [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0], "{\"name\":"u8.ToArray(), "x"u8.ToArray(),
    ];

    [Fact]
    public void Random_bytes_yield_events_or_a_format_error()
    {
        Prop.ForAll(Arb.From<byte[]>(), Arb.From<PositiveInt>(), (bytes, chunk) => Survives(bytes, 1 + (chunk.Get % 16)))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Streams_built_from_sse_fragments_yield_events_or_a_format_error()
    {
        var gen = Gen.ArrayOf(Gen.Elements(Pieces)).Select(parts => parts.SelectMany(p => p).ToArray());
        Prop.ForAll(Arb.From(gen), bytes => Survives(bytes, 3)).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Registry_and_relay_payloads_only_fail_with_json_errors()
    {
        var gen = Gen.ArrayOf(Gen.Elements("{", "}", "[", "]", "\"name\"", "\"instanceId\"", "\"items\"", "\"agents\"", ":", ",", "1", "null", "\"x\"", "true", "\"tools\""))
            .Select(parts => string.Concat(parts));
        Prop.ForAll(Arb.From(gen), text =>
        {
            foreach (var parse in new Action<string>[]
            {
                t => RegistryPayloads.ParseInstance(t), t => RegistryPayloads.ParseList(t),
                t => RelayPayloads.ParseInvocation(t), t => RelayPayloads.ParseInvocationPage(t),
            })
            {
                try
                {
                    parse(text);
                }
                catch (System.Text.Json.JsonException)
                {
                }
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    private static bool Survives(byte[] bytes, int chunk)
    {
        var parser = new SseParser(maxEventBytes: 256);
        var pending = new List<byte>();
        try
        {
            for (var i = 0; i < bytes.Length; i += chunk)
            {
                pending.AddRange(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)).ToArray());
                var buffer = new ReadOnlySequence<byte>(pending.ToArray());
                while (parser.TryParse(ref buffer, out var evt))
                {
                    if (evt.Type is null || evt.Data is null || evt.Id is null) return false;
                }
                pending = [.. buffer.ToArray()];
            }
        }
        catch (SseFormatException)
        {
        }
        _ = Encoding.UTF8.GetString(bytes);
        return true;
    }
}
