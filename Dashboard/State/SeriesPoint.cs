namespace AgentPlatform.Dashboard.State;

/// <summary>One bucket of the overview plots: rates per second over the bucket, gauges at its end.</summary>
public sealed record SeriesPoint(
    long T,
    double InvocationsPerSec,
    double ErrorsPerSec,
    double? P50Ms,
    double? P99Ms,
    double FramesInPerSec,
    double FramesOutPerSec,
    double BytesInPerSec,
    double BytesOutPerSec,
    long Connections,
    int Agents,
    int Stale);
