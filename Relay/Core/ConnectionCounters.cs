namespace AgentPlatform.Relay.Core;

/// <summary>Traffic counters of one connection, updated without locks.</summary>
public sealed class ConnectionCounters
{
    private long _framesIn;
    private long _framesOut;
    private long _bytesIn;
    private long _bytesOut;
    private int _inflight;

    public long FramesIn => Interlocked.Read(ref _framesIn);

    public long FramesOut => Interlocked.Read(ref _framesOut);

    public long BytesIn => Interlocked.Read(ref _bytesIn);

    public long BytesOut => Interlocked.Read(ref _bytesOut);

    /// <summary>Invocations (or other dialect work) in flight on this connection.</summary>
    public int Inflight => Volatile.Read(ref _inflight);

    public void FrameIn(int bytes)
    {
        Interlocked.Increment(ref _framesIn);
        Interlocked.Add(ref _bytesIn, bytes);
    }

    public void FrameOut(int bytes)
    {
        Interlocked.Increment(ref _framesOut);
        Interlocked.Add(ref _bytesOut, bytes);
    }

    public int AddInflight(int delta) => Interlocked.Add(ref _inflight, delta);
}
