using Microsoft.AspNetCore.Http;

namespace AgentPlatform.ServiceDefaults.UnitTests.Http;

/// <summary>Which request paths count as health probes (kept out of traces).</summary>
public sealed class HealthProbePathTests
{
    [Theory]
    [InlineData("/health", true)]
    [InlineData("/alive", true)]
    [InlineData("/health/ready", true)]
    [InlineData("/HEALTH", true)]
    [InlineData("/healthz", false)]
    [InlineData("/api/health", false)]
    [InlineData("/", false)]
    [InlineData("", false)]
    public void Probes_are_the_two_paths_and_what_is_below_them(string path, bool probe) =>
        Assert.Equal(probe, Extensions.IsHealthProbe(new PathString(path)));
}
