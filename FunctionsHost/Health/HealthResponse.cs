using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.FunctionsHost.Health;

/// <summary>Writes the status and, per check, why: "Unhealthy\nworker: the worker exited with code 1 …".</summary>
public static class HealthResponse
{
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder(report.Status.ToString());
        foreach (var (name, entry) in report.Entries)
        {
            if (!string.IsNullOrEmpty(entry.Description)) text.Append('\n').Append(name).Append(": ").Append(entry.Description);
        }
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(text.ToString(), http.RequestAborted);
    }
}
