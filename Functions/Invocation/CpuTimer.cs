using System.Diagnostics;

namespace AgentPlatform.Functions.Invocation;

/// <summary>
/// Measures an invocation's CPU time as the process's CPU time spent while it ran, capped at its wall time.
/// Async handlers hop threads, so per-thread counters would miss work; with concurrent invocations the figure
/// is an upper bound, which is what a cost estimate needs.
/// </summary>
public readonly struct CpuTimer
{
    private readonly TimeSpan _cpuStart;
    private readonly long _wallStart;

    private CpuTimer(TimeSpan cpuStart, long wallStart)
    {
        _cpuStart = cpuStart;
        _wallStart = wallStart;
    }

    public static CpuTimer Start() => new(Environment.CpuUsage.TotalTime, Stopwatch.GetTimestamp());

    public double ElapsedWallMs => Stopwatch.GetElapsedTime(_wallStart).TotalMilliseconds;

    public double CpuMs => Math.Round(Math.Min((Environment.CpuUsage.TotalTime - _cpuStart).TotalMilliseconds, ElapsedWallMs), 3);
}
