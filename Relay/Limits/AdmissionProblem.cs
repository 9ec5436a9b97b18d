using System.Globalization;
using System.Text.Json;

namespace AgentPlatform.Relay.Limits;

/// <summary>The refusal before an upgrade or request is served: an RFC 9457 problem+json body with Retry-After.</summary>
public static class AdmissionProblem
{
    public const string ContentType = "application/problem+json";

    /// <summary>The HTTP status of a refusal: 503 when the process is full, 429 when one client (or user) is over its share.</summary>
    public static int StatusOf(AdmissionRefusal refusal) =>
        refusal == AdmissionRefusal.ServerFull ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status429TooManyRequests;

    /// <summary>Writes the refusal; <paramref name="limit"/> is the limit that was reached.</summary>
    public static Task WriteAsync(HttpContext context, AdmissionRefusal refusal, string dialect, double limit, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var status = StatusOf(refusal);
        var (title, detail) = refusal switch
        {
            AdmissionRefusal.ServerFull => ("Server full", FormattableString.Invariant($"The Relay serves its maximum of {limit} connections (Relay:Limits:MaxConnections); retry later.")),
            AdmissionRefusal.ClientConnections => ("Too many connections from this client",
                FormattableString.Invariant($"This address holds its maximum of {limit} connections (Relay:Limits:MaxConnectionsPerClient); close one or retry later.")),
            AdmissionRefusal.UserConnections => ("Too many connections for this user",
                FormattableString.Invariant($"This user holds its maximum of {limit} connections (Relay:Limits:MaxConnectionsPerUser); close one or retry later.")),
            _ => ("Too many requests", FormattableString.Invariant($"This address sent more than {limit} requests per second (Relay:Limits:RequestsPerSecondPerClient); slow down.")),
        };
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var body = new Dictionary<string, object>
        {
            ["type"] = "https://agentplatform.dev/problems/" + ConnectionAdmission.ReasonOf(refusal).Replace('_', '-'),
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["reason"] = ConnectionAdmission.ReasonOf(refusal),
            ["dialect"] = dialect,
            ["limit"] = limit,
            ["retryAfterSeconds"] = seconds,
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }
}
