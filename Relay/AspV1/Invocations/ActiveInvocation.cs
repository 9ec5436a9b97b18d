using System.Collections.Concurrent;
using System.Diagnostics;
using AgentPlatform.Relay.Admin;
using AgentPlatform.Relay.Routing.Providers;

namespace AgentPlatform.Relay.AspV1.Invocations;

/// <summary>
/// An invocation in flight on a client connection. Exactly one final frame (COMPLETE or ERROR) is sent for it:
/// whoever calls <see cref="TryEnd"/> first sends it, everyone later drops their frames.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source has no timer; callbacks may still read its token after the invocation ends, so it is left to the collector.")]
public sealed class ActiveInvocation
{
    private readonly CancellationTokenSource _abort = new();
    private int _ended;
    private long _chunks;
    private long _bytes;

    public ActiveInvocation(string id, string agent, string mode, InvocationRecord record)
    {
        Id = id;
        Agent = agent;
        Mode = mode;
        Record = record;
    }

    /// <summary>The client's invocation id.</summary>
    public string Id { get; }

    public string Agent { get; }

    public string Mode { get; }

    public InvocationRecord Record { get; }

    public long StartedAt { get; } = Stopwatch.GetTimestamp();

    public Activity? Activity { get; init; }

    /// <summary>Fires on INTERRUPT, timeout or connection close: aborts the HTTP call (relay mode).</summary>
    public CancellationToken Aborted => _abort.Token;

    /// <summary>Relay mode: where replies go.</summary>
    public Uri? FunctionsBase { get; init; }

    /// <summary>Direct mode: the provider serving it and its id there.</summary>
    public ProviderLink? Provider { get; init; }

    public ForwardedInvocation? Forwarded { get; init; }

    /// <summary>REQUEST ids the agent asked and the client has not answered yet.</summary>
    public ConcurrentDictionary<string, byte> PendingRequests { get; } = new(StringComparer.Ordinal);

    public bool Ended => Volatile.Read(ref _ended) != 0;

    public long Chunks => Interlocked.Read(ref _chunks);

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Numbers the next STREAM chunk (0, 1, 2, ...) and counts its bytes.</summary>
    public ulong NextChunk(int bytes)
    {
        Interlocked.Add(ref _bytes, bytes);
        return (ulong)(Interlocked.Increment(ref _chunks) - 1);
    }

    public bool TryEnd() => Interlocked.Exchange(ref _ended, 1) == 0;

    public double ElapsedMs => Stopwatch.GetElapsedTime(StartedAt).TotalMilliseconds;

    public void Abort()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Ends the trace span; called once when the invocation is finished.</summary>
    public void CloseActivity() => Activity?.Dispose();
}
