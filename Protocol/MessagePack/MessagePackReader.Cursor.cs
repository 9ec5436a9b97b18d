namespace AgentPlatform.Protocol.MessagePack;

/// <summary>
/// The byte cursor under the typed reads: a plain span and offset when the input is one segment (a WebSocket
/// message received into one buffer, the usual case, and much cheaper per byte), a SequenceReader otherwise.
/// </summary>
public ref partial struct MessagePackReader
{
    private readonly long CursorConsumed => _contiguous ? _offset : _reader.Consumed;

    private readonly long CursorRemaining => _contiguous ? _span.Length - _offset : _reader.Remaining;

    private readonly ReadOnlySpan<byte> CursorUnread => _contiguous ? _span[_offset..] : _reader.UnreadSpan;

    private readonly SequencePosition CursorPosition => _contiguous ? _sequence.GetPosition(_offset) : _reader.Position;

    private readonly bool CursorPeek(out byte value)
    {
        if (!_contiguous) return _reader.TryPeek(out value);
        if ((uint)_offset < (uint)_span.Length)
        {
            value = _span[_offset];
            return true;
        }
        value = 0;
        return false;
    }

    private bool CursorRead(out byte value)
    {
        if (!_contiguous) return _reader.TryRead(out value);
        if ((uint)_offset < (uint)_span.Length)
        {
            value = _span[_offset++];
            return true;
        }
        value = 0;
        return false;
    }

    private bool CursorRead(scoped Span<byte> destination)
    {
        if (!_contiguous)
        {
            if (!_reader.TryCopyTo(destination)) return false;
            _reader.Advance(destination.Length);
            return true;
        }
        if (_span.Length - _offset < destination.Length) return false;
        _span.Slice(_offset, destination.Length).CopyTo(destination);
        _offset += destination.Length;
        return true;
    }

    /// <summary>
    /// Moves past <paramref name="count"/> bytes the caller has already examined in <see cref="UnreadSpan"/>
    /// (a fast path for frame readers of this assembly; the bytes must be one whole value).
    /// </summary>
    internal void AdvanceExamined(int count)
    {
        if ((uint)count > (uint)CursorUnread.Length) throw MessagePackThrow.Truncated(count + " bytes", Consumed);
        CursorAdvance(count);
    }

    // Callers check CursorRemaining first: advancing past the end is a bug, not bad input.
    private void CursorAdvance(long count)
    {
        if (_contiguous) _offset += checked((int)count);
        else _reader.Advance(count);
    }

    private void CursorRewind(long count)
    {
        if (_contiguous) _offset -= checked((int)count);
        else _reader.Rewind(count);
    }
}
