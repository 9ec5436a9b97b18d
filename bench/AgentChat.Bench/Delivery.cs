using System.Diagnostics;

namespace AgentPlatform.AgentChat.Bench;

/// <summary>
/// Send and arrival times of every numbered message of one peer's run, per member; a message is complete once every
/// member has it. Written by the members' receive loops, read by the runner.
/// </summary>
public sealed class Delivery(int messages, int members)
{
    private readonly long[] _sent = new long[messages];
    private readonly long[,] _arrived = new long[messages, members];
    private readonly int[] _count = new int[messages];
    private readonly TaskCompletionSource[] _complete = [.. Enumerable.Range(0, messages).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
    private long _delivered;

    public int Members => members;

    public long Delivered => Interlocked.Read(ref _delivered);

    public void Sent(int id) => _sent[id] = Stopwatch.GetTimestamp();

    public void Arrived(int id, int member, long at)
    {
        if ((uint)id >= (uint)_sent.Length || _arrived[id, member] != 0) return;
        _arrived[id, member] = at;
        Interlocked.Increment(ref _delivered);
        if (Interlocked.Increment(ref _count[id]) == members) _complete[id].TrySetResult();
    }

    public Task Complete(int id) => _complete[id].Task;

    /// <summary>Delivery latencies in ms (send → arrival at each member) of messages <paramref name="from"/>..<paramref name="to"/> (exclusive).</summary>
    public List<double> Latencies(int from, int to)
    {
        var list = new List<double>((to - from) * members);
        for (var id = from; id < to; id++)
        {
            for (var m = 0; m < members; m++)
            {
                if (_arrived[id, m] != 0) list.Add(Stopwatch.GetElapsedTime(_sent[id], _arrived[id, m]).TotalMilliseconds);
            }
        }
        return list;
    }

    /// <summary>The last arrival of messages <paramref name="from"/>..<paramref name="to"/> (exclusive).</summary>
    public long LastArrival(int from, int to)
    {
        long last = 0;
        for (var id = from; id < to; id++)
        {
            for (var m = 0; m < members; m++) last = Math.Max(last, _arrived[id, m]);
        }
        return last;
    }
}
