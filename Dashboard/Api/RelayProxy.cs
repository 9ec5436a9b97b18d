using System.Text;
using AgentPlatform.Dashboard.Sources;

namespace AgentPlatform.Dashboard.Api;

/// <summary>
/// Forwards the paged connection and group lists from the Relay admin API. Paged on the Relay, not
/// copied here: 10,000 connections stay on the Relay and the browser fetches only the rows it shows.
/// </summary>
public static class RelayProxy
{
    public static async Task<IResult> ForwardAsync(HttpContext context, RelayAdminClient relay, string adminPath, string[] filters)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(filters);
        if (!PageQuery.TryRead(context.Request, 100, out var offset, out var limit, out var error))
        {
            return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest);
        }
        var query = new StringBuilder(adminPath).Append("?offset=").Append(offset).Append("&limit=").Append(limit);
        foreach (var name in filters)
        {
            var value = context.Request.Query[name].ToString();
            if (value.Length == 0) continue;
            if (!PageQuery.IsSafeFilter(value)) return Results.Problem($"{name} is not a valid filter", statusCode: StatusCodes.Status400BadRequest);
            query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
        // An absent or failing Relay is a state the view shows, not an error of this request.
        if (relay.BaseUrl is null) return Unavailable("the Relay is not configured (services:relay:http:0)");
        try
        {
            using var response = await relay.GetAsync(query.ToString(), context.RequestAborted).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(context.RequestAborted).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return Unavailable($"the Relay answered {(int)response.StatusCode}");
            return Results.Text(body, "application/json; charset=utf-8");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            return Unavailable("the Relay did not answer");
        }
    }

    private static IResult Unavailable(string reason) => Results.Json(new { total = 0, items = Array.Empty<object>(), unavailable = reason });
}
