using AgentPlatform.Functions.Invocation;
using Microsoft.Azure.Functions.Worker;

namespace AgentPlatform.Functions.Worker;

/// <summary>
/// The relay-mode routes of docs/protocol/relay-functions.md as HTTP triggers (ASP.NET Core integration). Thin on
/// purpose: <see cref="InvokeEndpoints"/> holds the logic and writes straight to the response, so records stream
/// as the agent produces them. Function keys are required: the Relay calls with one, never anonymously.
/// </summary>
public sealed class InvokeFunctions
{
    [Function("invoke")]
    public static async Task<IResult> InvokeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "invoke/{agent}")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await InvokeEndpoints.InvokeAsync(request.HttpContext, Route(request, "agent")).ConfigureAwait(false);
        return Results.Empty;
    }

    [Function("invoke-reply")]
    public static async Task<IResult> ReplyAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "invoke/{agent}/{id}/replies/{rid}")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await InvokeEndpoints.ReplyAsync(request.HttpContext, Route(request, "agent"), Route(request, "id"), Route(request, "rid")).ConfigureAwait(false);
        return Results.Empty;
    }

    [Function("invoke-steering")]
    public static async Task<IResult> SteerAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "invoke/{agent}/{id}/steering")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await InvokeEndpoints.SteerAsync(request.HttpContext, Route(request, "agent"), Route(request, "id")).ConfigureAwait(false);
        return Results.Empty;
    }

    // Route values come from the worker's own endpoint routing, which uses the trigger's template; they do not depend
    // on the trigger metadata a particular host chooses to send.
    internal static string Route(HttpRequest request, string name) => request.HttpContext.GetRouteValue(name)?.ToString() ?? "";
}
