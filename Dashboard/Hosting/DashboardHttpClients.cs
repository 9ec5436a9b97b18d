namespace AgentPlatform.Dashboard.Hosting;

/// <summary>Names of the dashboard's HttpClients.</summary>
public static class DashboardHttpClients
{
    /// <summary>Long-lived SSE streams: no overall timeout (cancellation ends them).</summary>
    public const string Streams = "dashboard-streams";

    /// <summary>Polls and proxied reads: a short timeout so a hung service shows as unreachable.</summary>
    public const string Polls = "dashboard-polls";
}
