using AgentPlatform.Dashboard.Hosting;

namespace AgentPlatform.Dashboard.Api;

/// <summary>AID discovery records, read from the Registry (<c>/v1/agents/{name}/aid</c>, <c>/v1/aid/zone</c>).</summary>
public static class DiscoveryEndpoints
{
    /// <summary>Answers 200 with the Registry's status and text; an unreachable Registry is reported in <c>unavailable</c>.</summary>
    public static async Task<IResult> ZoneAsync(HttpContext context, IHttpClientFactory http, ServiceEndpoints endpoints) =>
        await ForwardTextAsync(context, http, endpoints, "v1/aid/zone").ConfigureAwait(false);

    public static async Task<IResult> AgentAsync(string name, HttpContext context, IHttpClientFactory http, ServiceEndpoints endpoints)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 63 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-'))
        {
            return Results.Problem("not a valid agent name", statusCode: StatusCodes.Status400BadRequest);
        }
        return await ForwardTextAsync(context, http, endpoints, $"v1/agents/{name}/aid").ConfigureAwait(false);
    }

    private static async Task<IResult> ForwardTextAsync(HttpContext context, IHttpClientFactory http, ServiceEndpoints endpoints, string path)
    {
        if (endpoints.Resolve("registry") is not { } baseUrl)
        {
            return Results.Json(new { status = (int?)null, text = (string?)null, unavailable = "the Registry is not configured (services:registry:http:0)" });
        }
        try
        {
            using var response = await http.CreateClient(DashboardHttpClients.Polls)
                .GetAsync(new Uri(baseUrl, path), context.RequestAborted).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(context.RequestAborted).ConfigureAwait(false);
            // 404 (not public) and 409 (no publishable record) are answers worth showing, not failures.
            return Results.Json(new { status = (int)response.StatusCode, text = response.IsSuccessStatusCode ? body : null });
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            return Results.Json(new { status = (int?)null, text = (string?)null, unavailable = "the Registry did not answer" });
        }
    }
}
