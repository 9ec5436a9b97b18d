using System.Buffers;

namespace AgentPlatform.Relay.Acp.Agents.Stdio;

/// <summary>
/// Reads newline-delimited lines of bytes from an agent's stdout with a cap: a line longer than the cap is skipped to its
/// end (reported as oversized) rather than buffered, so a runaway agent cannot exhaust the Relay's memory.
/// </summary>
public sealed class NdJsonLineReader
{
    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly ArrayBufferWriter<byte> _line = new();
    private int _start;
    private int _end;
    private bool _oversized;

    public NdJsonLineReader(Stream stream, int maxLineBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLineBytes);
        _stream = stream;
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>
    /// The next line without its <c>\n</c> (and a <c>\r</c> before it), or <c>Oversized</c> for a line past the cap
    /// (its bytes are gone); <c>End</c> when the stream ended. A last line without a newline is still returned.
    /// </summary>
    public async ValueTask<(ReadOnlyMemory<byte> Line, bool Oversized, bool End)> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.ResetWrittenCount();
        _oversized = false;
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                if (_end == 0)
                {
                    if (_oversized) return (default, true, false);
                    return _line.WrittenCount > 0 ? (Trim(_line.WrittenMemory), false, false) : (default, false, true);
                }
            }
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline;
            Append(_buffer.AsSpan(_start, stop - _start));
            _start = newline < 0 ? _end : newline + 1;
            if (newline < 0) continue;
            if (_oversized) return (default, true, false);
            return (Trim(_line.WrittenMemory), false, false);
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_oversized) return;
        if (_line.WrittenCount + bytes.Length > _maxLineBytes + 1)
        {
            // +1 leaves room for a '\r' before the newline of a line exactly at the cap.
            _oversized = true;
            _line.ResetWrittenCount();
            return;
        }
        _line.Write(bytes);
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line) =>
        line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
}
