namespace AgentPlatform.Reliability.Suite;

/// <summary>What one scenario measured. Counters a scenario does not use stay null and print as "-".</summary>
public sealed class ScenarioResult
{
    /// <summary>False when the platform broke the scenario's <see cref="IReliabilityScenario.Expectation"/>.</summary>
    public bool Passed { get; set; } = true;

    /// <summary>Forced disconnects survived (connections cut mid-stream and resumed).</summary>
    public int? Disconnects { get; set; }

    public long? Sent { get; set; }

    public long? Received { get; set; }

    public long? Lost { get; set; }

    public long? Duplicated { get; set; }

    /// <summary>Fuzzed frames fed to a parser or a live server.</summary>
    public long? FuzzedFrames { get; set; }

    /// <summary>Of those, the ones refused as protocol errors (the only outcome allowed besides a valid parse).</summary>
    public long? ProtocolErrors { get; set; }

    /// <summary>Faults injected, each with its expected outcome and measured recovery.</summary>
    public List<FaultRecord> Faults { get; } = [];

    /// <summary>Resource samples (soak): memory, handles, threads per process over time.</summary>
    public List<ResourceSample> Samples { get; } = [];

    /// <summary>Free-form facts for the report (one line each): limits hit, refusals seen, figures.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Marks the result failed and records why.</summary>
    public ScenarioResult Fail(string why)
    {
        Passed = false;
        Notes.Add("FAILED: " + why);
        return this;
    }
}
