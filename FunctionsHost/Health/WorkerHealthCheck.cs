using AgentPlatform.FunctionsHost.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.FunctionsHost.Health;

/// <summary>Ready when a worker is connected and its functions are loaded; otherwise unhealthy with the reason.</summary>
public sealed class WorkerHealthCheck(WorkerSupervisor supervisor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = supervisor.Current;
        return Task.FromResult(state.IsReady ? HealthCheckResult.Healthy(state.Reason) : HealthCheckResult.Unhealthy(state.Reason));
    }
}
