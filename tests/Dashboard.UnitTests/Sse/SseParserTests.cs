using System.Buffers;
using System.Text;
using AgentPlatform.Dashboard.Sse;

namespace AgentPlatform.Dashboard.UnitTests.Sse;

/// <summary>Exact bytes in, events out (WHATWG HTML "event stream interpretation").</summary>
public class SseParserTests
{
    public static TheoryData<string, string, string[]> Streams => new()
    {
        { "one LF event", "data: hi\n\n", ["message|hi|"] },
        { "CRLF lines", "event: added\r\ndata: x\r\n\r\n", ["added|x|"] },
        { "CR lines", "event: added\rdata: x\r\r\n", ["added|x|"] },
        { "mixed endings", "data: a\r\ndata: b\rdata: c\n\n", ["message|a\nb\nc|"] },
        { "no space after colon", "data:x\n\n", ["message|x|"] },
        { "only the first space is dropped", "data:  x\n\n", ["message| x|"] },
        { "field without colon is an empty value", "data\n\n", ["message||"] },
        { "comment ignored", ": keep-alive\n\ndata: y\n\n", ["message|y|"] },
        { "id persists across events", "id: 7\ndata: a\n\ndata: b\n\n", ["message|a|7", "message|b|7"] },
        { "empty id resets", "id: 7\ndata: a\n\nid\ndata: b\n\n", ["message|a|7", "message|b|"] },
        { "id with NUL is ignored", "id: 5\ndata: a\n\nid: 6\0\ndata: b\n\n", ["message|a|5", "message|b|5"] },
        { "block without data dispatches nothing but keeps its id", "id: 9\nevent: x\n\ndata: z\n\n", ["message|z|9"] },
        { "unknown field ignored", "foo: bar\ndata: q\n\n", ["message|q|"] },
        { "BOM skipped once", "\uFEFFdata: a\n\n", ["message|a|"] },
        { "event type reset after dispatch", "event: e\ndata: 1\n\ndata: 2\n\n", ["e|1|", "message|2|"] },
        { "unfinished event stays buffered", "data: a\n\ndata: b\n", ["message|a|"] },
        { "utf-8 text", "data: héllo ✓\n\n", ["message|héllo ✓|"] },
        { "registry snapshot shape", "retry: 1000\n\nid: 42\nevent: snapshot\ndata: {\"cursor\":42,\"agents\":[]}\n\n", ["snapshot|{\"cursor\":42,\"agents\":[]}|42"] },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void Parses_whole_stream(string name, string stream, string[] expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, ParseAll(Encoding.UTF8.GetBytes(stream), chunk: int.MaxValue));
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void Parses_the_same_when_bytes_arrive_one_at_a_time(string name, string stream, string[] expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, ParseAll(Encoding.UTF8.GetBytes(stream), chunk: 1));
    }

    [Fact]
    public void Retry_field_sets_reconnection_time_only_for_digits()
    {
        var parser = new SseParser();
        var buffer = new ReadOnlySequence<byte>("retry: 1500\nretry: 12a\n\n"u8.ToArray());
        Assert.False(parser.TryParse(ref buffer, out _));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), parser.Retry);
    }

    [Fact]
    public void Trailing_CR_waits_for_the_next_byte()
    {
        var parser = new SseParser();
        var buffer = new ReadOnlySequence<byte>("data: a\r\n\r"u8.ToArray());
        Assert.False(parser.TryParse(ref buffer, out _));
        Assert.Equal(10, buffer.Length);
    }

    [Fact]
    public void An_event_over_the_limit_is_a_format_error()
    {
        var parser = new SseParser(maxEventBytes: 64);
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("data: " + new string('x', 100)));
        Assert.Throws<SseFormatException>(() => parser.TryParse(ref buffer, out _));
    }

    [Fact]
    public void Consumed_bytes_are_sliced_off()
    {
        var parser = new SseParser();
        var buffer = new ReadOnlySequence<byte>("data: a\n\ndata: b"u8.ToArray());
        Assert.True(parser.TryParse(ref buffer, out var evt));
        Assert.Equal("a", evt.Data);
        Assert.Equal("data: b"u8.ToArray(), buffer.ToArray());
    }

    internal static List<string> ParseAll(byte[] bytes, int chunk)
    {
        var parser = new SseParser();
        var events = new List<string>();
        var pending = new List<byte>();
        for (var i = 0; i < bytes.Length; i += chunk)
        {
            pending.AddRange(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)).ToArray());
            var buffer = new ReadOnlySequence<byte>(pending.ToArray());
            while (parser.TryParse(ref buffer, out var evt)) events.Add($"{evt.Type}|{evt.Data}|{evt.Id}");
            pending = [.. buffer.ToArray()];
        }
        return events;
    }
}
