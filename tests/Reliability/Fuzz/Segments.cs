using System.Buffers;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>Cuts bytes into a multi-segment <see cref="ReadOnlySequence{T}"/>, as a socket's reads arrive.</summary>
public static class Segments
{
    public static ReadOnlySequence<byte> Split(byte[] bytes, int parts)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (parts <= 1 || bytes.Length < 2) return new ReadOnlySequence<byte>(bytes);
        var size = Math.Max(1, bytes.Length / parts);
        var first = new Segment(bytes.AsMemory(0, Math.Min(size, bytes.Length)), 0);
        var last = first;
        for (var at = size; at < bytes.Length; at += size) last = last.Append(bytes.AsMemory(at, Math.Min(size, bytes.Length - at)));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
