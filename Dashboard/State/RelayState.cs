namespace AgentPlatform.Dashboard.State;

/// <summary>The latest Relay metrics and whether the Relay's admin API answered.</summary>
public sealed class RelayState
{
    private RelayMetrics? _metrics;

    public RelayMetrics? Metrics
    {
        get => Volatile.Read(ref _metrics);
        set => Volatile.Write(ref _metrics, value);
    }

    public bool EventsConnected { get; set; }

    /// <summary>A short reason when the admin API refuses or fails (e.g. "401 Unauthorized"), for the overview.</summary>
    public string? Problem { get; set; }
}
