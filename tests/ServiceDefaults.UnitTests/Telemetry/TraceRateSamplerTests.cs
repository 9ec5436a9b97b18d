using System.Diagnostics;
using AgentPlatform.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Trace;

namespace AgentPlatform.ServiceDefaults.UnitTests.Telemetry;

/// <summary>The trace sampler: at most N new traces per second, refilled with time, never more than one second's worth.</summary>
public sealed class TraceRateSamplerTests
{
    private static SamplingDecision Decide(Sampler sampler) =>
        sampler.ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), "call", ActivityKind.Server)).Decision;

    [Fact]
    public void Records_at_most_the_rate_then_refills_with_time()
    {
        var time = new FakeTimeProvider();
        var sampler = new TraceRateSampler(4, time);
        var first = Enumerable.Range(0, 10).Select(_ => Decide(sampler)).ToList();
        Assert.Equal(4, first.Count(d => d == SamplingDecision.RecordAndSample));
        Assert.All(first.Skip(4), d => Assert.Equal(SamplingDecision.Drop, d));

        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, Enumerable.Range(0, 10).Count(_ => Decide(sampler) == SamplingDecision.RecordAndSample));

        // A long quiet spell refills one second's worth, not more.
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(4, Enumerable.Range(0, 10).Count(_ => Decide(sampler) == SamplingDecision.RecordAndSample));
    }

    [Fact]
    public void A_rate_below_one_per_second_records_one_trace_every_so_often()
    {
        var time = new FakeTimeProvider();
        var sampler = new TraceRateSampler(0.5, time);
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(sampler));
        Assert.Equal(SamplingDecision.Drop, Decide(sampler));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SamplingDecision.Drop, Decide(sampler));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(sampler));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_rate_that_is_not_positive_is_refused(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TraceRateSampler(rate));
}
