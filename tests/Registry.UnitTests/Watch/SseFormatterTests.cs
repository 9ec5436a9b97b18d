using System.Buffers;
using System.Text;
using AgentPlatform.Registry.Watch;

namespace AgentPlatform.Registry.UnitTests.Watch;

/// <summary>Exact bytes of the watch stream framing.</summary>
public sealed class SseFormatterTests
{
    [Theory]
    [InlineData(1L, "added", "{\"name\":\"echo\"}", "id: 1\nevent: added\ndata: {\"name\":\"echo\"}\n\n")]
    [InlineData(9223372036854775807L, "snapshot", "{}", "id: 9223372036854775807\nevent: snapshot\ndata: {}\n\n")]
    [InlineData(0L, "removed", "{\"reason\":\"expired\"}", "id: 0\nevent: removed\ndata: {\"reason\":\"expired\"}\n\n")]
    public void Events_are_written_byte_for_byte(long id, string type, string data, string expected)
    {
        var buffer = new ArrayBufferWriter<byte>();
        SseFormatter.WriteEvent(buffer, id, type, Encoding.UTF8.GetBytes(data));
        Assert.Equal(expected, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Retry_and_comment_lines()
    {
        var buffer = new ArrayBufferWriter<byte>();
        SseFormatter.WriteRetry(buffer, 1000);
        SseFormatter.WriteComment(buffer, "keep-alive");
        Assert.Equal("retry: 1000\n\n: keep-alive\n\n", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
