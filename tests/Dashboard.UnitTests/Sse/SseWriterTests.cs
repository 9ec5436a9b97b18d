using System.Buffers;
using System.Text;
using AgentPlatform.Dashboard.Sse;

namespace AgentPlatform.Dashboard.UnitTests.Sse;

public class SseWriterTests
{
    public static TheoryData<string, string, string?, string> Cases => new()
    {
        { "message", "hi", null, "data: hi\n\n" },
        { "agent", "{\"a\":1}", null, "event: agent\ndata: {\"a\":1}\n\n" },
        { "agent", "x", "42", "event: agent\nid: 42\ndata: x\n\n" },
        { "message", "a\nb", null, "data: a\ndata: b\n\n" },
        { "message", "a\r\nb\rc", null, "data: a\ndata: b\ndata: c\n\n" },
        { "message", "", null, "data: \n\n" },
        { "message", "é", null, "data: é\n\n" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writes_exact_bytes(string type, string data, string? id, string expected)
    {
        var buffer = new ArrayBufferWriter<byte>();
        SseWriter.Write(buffer, type, data, id);
        Assert.Equal(expected, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Comment_is_a_colon_line_and_a_blank_line()
    {
        var buffer = new ArrayBufferWriter<byte>();
        SseWriter.WriteComment(buffer, " keep-alive");
        Assert.Equal(": keep-alive\n\n", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Theory]
    [InlineData("a\nb", null)]
    [InlineData("a", "1\r2")]
    public void Line_breaks_in_type_or_id_are_refused(string type, string? id)
    {
        Assert.Throws<ArgumentException>(() => SseWriter.Write(new ArrayBufferWriter<byte>(), type, "x", id));
    }

    [Theory]
    [InlineData("message", "plain")]
    [InlineData("agent", "{\"name\":\"echo\"}")]
    [InlineData("x", "multi\nline\n")]
    public void What_the_writer_writes_the_parser_reads_back(string type, string data)
    {
        var buffer = new ArrayBufferWriter<byte>();
        SseWriter.Write(buffer, type, data, "3");
        var events = SseParserTests.ParseAll(buffer.WrittenSpan.ToArray(), int.MaxValue);
        Assert.Equal([$"{type}|{data}|3"], events);
    }
}
