using OpenTelemetry.Trace;

namespace AgentPlatform.ServiceDefaults.Telemetry;

/// <summary>
/// Records at most <c>tracesPerSecond</c> new traces per second (a token bucket holding one second's worth), so a
/// service under load keeps sending a steady sample to the collector instead of a span per call. The Functions host
/// bounds Application Insights the same way (<c>maxTelemetryItemsPerSecond</c>). Used as the root sampler of a
/// <see cref="ParentBasedSampler"/>: a trace sampled where it started is recorded by every service it reaches.
/// </summary>
public sealed class TraceRateSampler : Sampler
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly double _perSecond;
    private double _tokens;
    private long _last;

    public TraceRateSampler(double tracesPerSecond, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tracesPerSecond);
        _time = time ?? TimeProvider.System;
        _perSecond = tracesPerSecond;
        _tokens = Math.Max(1, tracesPerSecond);
        _last = _time.GetTimestamp();
        Description = $"TraceRateSampler{{{tracesPerSecond}/s}}";
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        new(TryTake() ? SamplingDecision.RecordAndSample : SamplingDecision.Drop);

    private bool TryTake()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            // At least one token of room, so a rate below one per second still records now and then.
            _tokens = Math.Min(Math.Max(1, _perSecond), _tokens + _time.GetElapsedTime(_last, now).TotalSeconds * _perSecond);
            _last = now;
            if (_tokens < 1) return false;
            _tokens -= 1;
            return true;
        }
    }
}
