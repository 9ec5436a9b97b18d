using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace AgentPlatform.FunctionsHost.TestWorker;

/// <summary>Functions that fail, hang, pace or echo, for the host's tests.</summary>
public sealed class TestFunctions
{
    // Which hang invocations saw their cancellation, by the caller's key: "request" (HttpContext.RequestAborted) and
    // "function" (FunctionContext.CancellationToken, fired by InvocationCancel).
    private static readonly ConcurrentDictionary<string, ConcurrentBag<string>> Cancellations = new(StringComparer.Ordinal);

    [Function("throws")]
    public static IResult Throws([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "throws")] HttpRequest request) =>
        throw new InvalidOperationException("this function always fails");

    [Function("hang")]
    public static async Task<IResult> HangAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "hang")] HttpRequest request, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var key = request.Query["key"].ToString();
        var seen = Cancellations.GetOrAdd(key, _ => []);
        using var a = request.HttpContext.RequestAborted.Register(() => seen.Add("request"));
        using var b = context.CancellationToken.Register(() => seen.Add("function"));
        using var both = CancellationTokenSource.CreateLinkedTokenSource(request.HttpContext.RequestAborted, context.CancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, both.Token);
        }
        catch (OperationCanceledException)
        {
            // Give the second token a moment: the host aborts the request and sends InvocationCancel together.
            await Task.Delay(200, CancellationToken.None);
        }
        return Results.Empty;
    }

    [Function("cancelled")]
    public static IResult Cancelled([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cancelled/{key}")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.HttpContext.GetRouteValue("key")?.ToString() ?? "";
        return Results.Text(Cancellations.TryGetValue(key, out var seen) ? string.Join(",", seen.Order(StringComparer.Ordinal)) : "");
    }

    [Function("pid")]
    public static IResult Pid([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pid")] HttpRequest request) =>
        Results.Text(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    [Function("setting")]
    public static IResult Setting([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "setting/{name}")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.HttpContext.GetRouteValue("name")?.ToString() ?? "";
        return Results.Text(Environment.GetEnvironmentVariable(name) ?? "(unset)");
    }

    /// <summary>Writes <c>n</c> small chunks <c>ms</c> milliseconds apart, each flushed.</summary>
    [Function("ticks")]
    public static async Task<IResult> TicksAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ticks")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var n = int.Parse(request.Query["n"].ToString(), CultureInfo.InvariantCulture);
        var ms = int.Parse(request.Query["ms"].ToString(), CultureInfo.InvariantCulture);
        var response = request.HttpContext.Response;
        response.ContentType = "text/plain";
        for (var i = 0; i < n; i++)
        {
            if (i > 0) await Task.Delay(ms, request.HttpContext.RequestAborted);
            await response.WriteAsync("tick" + i.ToString(CultureInfo.InvariantCulture) + "\n", request.HttpContext.RequestAborted);
            await response.Body.FlushAsync(request.HttpContext.RequestAborted);
        }
        return Results.Empty;
    }

    [Function("echo")]
    public static async Task<IResult> EchoAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "echo")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.ContentType = request.ContentType ?? "application/octet-stream";
        await request.Body.CopyToAsync(request.HttpContext.Response.Body, request.HttpContext.RequestAborted);
        return Results.Empty;
    }
}
