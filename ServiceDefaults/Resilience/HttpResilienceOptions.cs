namespace AgentPlatform.ServiceDefaults.Resilience;

/// <summary>
/// Limits for outgoing HTTP, bound from configuration section <c>AgentPlatform:HttpResilience</c>.
/// Timeouts cover the time to response headers: streamed bodies (relay-mode invocations, watch streams)
/// are read after the pipeline has returned and are not cut short.
/// </summary>
public sealed class HttpResilienceOptions
{
    public const string SectionName = "AgentPlatform:HttpResilience";

    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt; only for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE, TRACE).</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public double BreakerFailureRatio { get; set; } = 0.5;

    public int BreakerMinimumThroughput { get; set; } = 20;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakerDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Named clients that bypass the pipeline (see <c>WithoutStandardResilience</c>).</summary>
    public ISet<string> ExcludedClients { get; } = new HashSet<string>(StringComparer.Ordinal);
}
