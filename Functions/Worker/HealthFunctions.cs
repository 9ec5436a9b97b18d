using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.Functions.Worker;

/// <summary>
/// Readiness and liveness of the worker (the same checks as <c>/health</c> and <c>/alive</c> of the in-process
/// harness), anonymous like any platform probe. FunctionsHost answers <c>/health</c> itself and asks this function
/// once its worker is connected.
/// </summary>
public sealed class HealthFunctions
{
    [Function("health")]
    public static Task<IResult> HealthAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        CheckAsync(request, _ => true);

    [Function("alive")]
    public static Task<IResult> AliveAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "alive")] HttpRequest request) =>
        CheckAsync(request, r => r.Tags.Contains("live"));

    private static async Task<IResult> CheckAsync(HttpRequest request, Func<HealthCheckRegistration, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(request);
        var checks = request.HttpContext.RequestServices.GetRequiredService<HealthCheckService>();
        var report = await checks.CheckHealthAsync(predicate, request.HttpContext.RequestAborted).ConfigureAwait(false);
        var status = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        return Results.Text(report.Status.ToString(), "text/plain", statusCode: status);
    }
}
