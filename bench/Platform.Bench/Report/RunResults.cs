using AgentPlatform.Platform.Bench.Scenarios;

namespace AgentPlatform.Platform.Bench.Report;

/// <summary>Everything one run measured, filled in as the scenarios finish; a failed scenario leaves its part null and names itself in <see cref="Failures"/>.</summary>
public sealed class RunResults
{
    public required BenchOptions Options { get; init; }

    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    /// <summary>Load average (1/5/15 min) at each step of the run, in order.</summary>
    public List<(string Step, string Load)> Loads { get; } = [];

    public List<string> Notes { get; } = [];

    public List<(string Scenario, string Error)> Failures { get; } = [];

    public List<LatencyRow> Latency { get; } = [];

    public StreamScenario.Result? Stream { get; set; }

    public (FanoutScenario.Result Floor, FanoutScenario.Result Relay)? Fanout { get; set; }

    public RegistryScenario.Result? RegistryMemory { get; set; }

    public RegistryScenario.Result? RegistryRedis { get; set; }

    public IdleScenario.Result? Idle { get; set; }

    public InProcessScenario.Result? InProcess { get; set; }

    public LatencyRow? Find(string client, string path) => Latency.FirstOrDefault(r => r.Client == client && r.Path == path);
}
