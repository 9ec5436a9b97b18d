using System.Buffers;
using System.Text;

namespace AgentPlatform.Dashboard.Sse;

/// <summary>Writes Server-Sent Events to a buffer; the counterpart of <see cref="SseParser"/>.</summary>
public static class SseWriter
{
    /// <summary>Writes one event: <c>event:</c>, <c>id:</c> and one <c>data:</c> line per line of data, then a blank line.</summary>
    /// <exception cref="ArgumentException">The type or id holds a line break (it would split the event).</exception>
    public static void Write(IBufferWriter<byte> output, string type, string data, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(data);
        if (type.AsSpan().IndexOfAny('\r', '\n') >= 0) throw new ArgumentException("An event type cannot hold a line break.", nameof(type));
        if (id is not null && id.AsSpan().IndexOfAny('\r', '\n') >= 0) throw new ArgumentException("An event id cannot hold a line break.", nameof(id));

        if (type != "message") WriteField(output, "event", type);
        if (id is not null) WriteField(output, "id", id);
        var rest = data.AsSpan();
        while (true)
        {
            var brk = rest.IndexOfAny('\r', '\n');
            if (brk < 0)
            {
                WriteField(output, "data", rest);
                break;
            }
            WriteField(output, "data", rest[..brk]);
            var skip = rest[brk] == '\r' && brk + 1 < rest.Length && rest[brk + 1] == '\n' ? 2 : 1;
            rest = rest[(brk + skip)..];
        }
        Append(output, "\n");
    }

    /// <summary>A comment line; keeps idle connections open through proxies.</summary>
    public static void WriteComment(IBufferWriter<byte> output, string text)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('\r', '\n') >= 0) throw new ArgumentException("A comment cannot hold a line break.", nameof(text));
        Append(output, ":");
        Append(output, text);
        Append(output, "\n\n");
    }

    private static void WriteField(IBufferWriter<byte> output, string name, ReadOnlySpan<char> value)
    {
        Append(output, name);
        Append(output, ": ");
        Append(output, value);
        Append(output, "\n");
    }

    private static void Append(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        var n = Encoding.UTF8.GetBytes(text, span);
        output.Advance(n);
    }
}
