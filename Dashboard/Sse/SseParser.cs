using System.Buffers;
using System.Globalization;
using System.Text;

namespace AgentPlatform.Dashboard.Sse;

/// <summary>
/// Pure, incremental parser of a text/event-stream body (WHATWG HTML §9.2.6): no I/O, fed whatever bytes
/// have arrived. Lines end with CRLF, LF or CR; <c>:</c> starts a comment; a blank line dispatches.
/// The parser keeps the stream-wide state the spec asks for (last event ID, reconnection time).
/// </summary>
public sealed class SseParser
{
    /// <summary>Default cap on one event's bytes: a peer cannot make the dashboard buffer without bound.</summary>
    public const int DefaultMaxEventBytes = 1024 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private readonly int _maxEventBytes;
    private bool _atStart = true;

    public SseParser(int maxEventBytes = DefaultMaxEventBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEventBytes, 16);
        _maxEventBytes = maxEventBytes;
    }

    /// <summary>The last event ID buffer; persists across events as the spec says.</summary>
    public string LastEventId { get; private set; } = string.Empty;

    /// <summary>The reconnection time the server asked for with a <c>retry:</c> field, if any.</summary>
    public TimeSpan? Retry { get; private set; }

    /// <summary>
    /// Parses the next complete event from <paramref name="buffer"/> and slices off what it consumed.
    /// Returns false when no complete event is buffered yet (the rest stays in the buffer).
    /// </summary>
    /// <exception cref="SseFormatException">The pending event exceeds the size limit.</exception>
    public bool TryParse(ref ReadOnlySequence<byte> buffer, out SseEvent evt)
    {
        if (_atStart && !SkipBom(ref buffer))
        {
            evt = default;
            return false;
        }

        var reader = new SequenceReader<byte>(buffer);
        string? type = null;
        StringBuilder? data = null;
        string? id = null;
        while (TryReadLine(ref reader, out var line))
        {
            if (line.IsEmpty)
            {
                var consumed = reader.Position;
                if (id is not null) LastEventId = id;
                if (data is not null)
                {
                    // The spec drops the final LF appended after the last data line.
                    data.Length--;
                    evt = new SseEvent(string.IsNullOrEmpty(type) ? "message" : type, data.ToString(), LastEventId);
                    buffer = buffer.Slice(consumed);
                    return true;
                }
                // A block without data dispatches nothing; forget its fields and keep going.
                buffer = buffer.Slice(consumed);
                type = null;
                id = null;
                continue;
            }
            ApplyField(line, ref type, ref data, ref id);
        }

        if (buffer.Length > _maxEventBytes)
        {
            throw new SseFormatException($"An event is larger than {_maxEventBytes.ToString(CultureInfo.InvariantCulture)} bytes.");
        }
        evt = default;
        return false;
    }

    private bool SkipBom(ref ReadOnlySequence<byte> buffer)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (buffer.Length < bom.Length)
        {
            // Cannot tell yet unless what we have already differs from the BOM.
            Span<byte> head = stackalloc byte[3];
            var n = (int)buffer.Length;
            buffer.CopyTo(head);
            if (head[..n].SequenceEqual(bom[..n])) return false;
            _atStart = false;
            return true;
        }
        Span<byte> first = stackalloc byte[3];
        buffer.Slice(0, 3).CopyTo(first);
        if (first.SequenceEqual(bom)) buffer = buffer.Slice(3);
        _atStart = false;
        return true;
    }

    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line)
    {
        var start = reader;
        if (!reader.TryReadToAny(out line, "\r\n"u8, advancePastDelimiter: false))
        {
            reader = start;
            return false;
        }
        reader.TryRead(out var delimiter);
        if (delimiter == (byte)'\r')
        {
            // A CR at the end of what arrived may be the first half of CRLF: wait for the next byte.
            if (!reader.TryPeek(out var next))
            {
                reader = start;
                return false;
            }
            if (next == (byte)'\n') reader.Advance(1);
        }
        return true;
    }

    private void ApplyField(ReadOnlySequence<byte> line, ref string? type, ref StringBuilder? data, ref string? id)
    {
        var colon = line.PositionOf((byte)':');
        ReadOnlySequence<byte> name;
        ReadOnlySequence<byte> value;
        if (colon is null)
        {
            name = line;
            value = ReadOnlySequence<byte>.Empty;
        }
        else
        {
            name = line.Slice(0, colon.Value);
            if (name.IsEmpty) return; // comment line
            value = line.Slice(line.GetPosition(1, colon.Value));
            if (!value.IsEmpty && value.FirstSpan[0] == (byte)' ') value = value.Slice(1);
        }

        var field = Utf8.GetString(name);
        switch (field)
        {
            case "event":
                type = Utf8.GetString(value);
                break;
            case "data":
                data ??= new StringBuilder();
                data.Append(Utf8.GetString(value)).Append('\n');
                break;
            case "id":
                var text = Utf8.GetString(value);
                if (!text.Contains('\0', StringComparison.Ordinal)) id = text;
                break;
            case "retry":
                var digits = Utf8.GetString(value);
                if (digits.Length is > 0 and <= 9 && digits.All(char.IsAsciiDigit))
                {
                    Retry = TimeSpan.FromMilliseconds(int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture));
                }
                break;
            default:
                break; // unknown fields are ignored by the spec
        }
    }
}
