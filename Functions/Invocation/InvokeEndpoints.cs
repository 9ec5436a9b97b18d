using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using AgentPlatform.Agents;
using AgentPlatform.Functions.Agents;
using AgentPlatform.Functions.Replies;
using AgentPlatform.Functions.Steering;
using AgentPlatform.Functions.Telemetry;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.Functions;
using AgentPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AgentPlatform.Functions.Invocation;

/// <summary>The relay-mode routes of docs/protocol/relay-functions.md: invoke and replies.</summary>
public static partial class InvokeEndpoints
{
    public const string ChunksContentType = "application/vnd.agentplatform.chunks+msgpack";

    /// <summary>Largest request body accepted (an INVOKE frame is at most 1 MiB at the Relay).</summary>
    public const int MaxBodyBytes = 2 << 20;

    /// <summary>Identifies this process to operators (X-Function-Instance).</summary>
    public static readonly string InstanceId = Environment.MachineName + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture)
        + "-" + Guid.NewGuid().ToString("N")[..6];

    public static IEndpointRouteBuilder MapInvokeEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/invoke/{agent}", (HttpContext http, string agent) => InvokeAsync(http, agent));
        routes.MapPost("/invoke/{agent}/{id}/replies/{rid}", (HttpContext http, string agent, string id, string rid) => ReplyAsync(http, agent, id, rid));
        routes.MapPost("/invoke/{agent}/{id}/steering", (HttpContext http, string agent, string id) => SteerAsync(http, agent, id));
        return routes;
    }

    /// <summary>POST /invoke/{agent}: runs the agent and streams its records into the response as they come.</summary>
    public static async Task InvokeAsync(HttpContext http, string agent)
    {
        ArgumentNullException.ThrowIfNull(http);
        var services = http.RequestServices;
        var catalog = services.GetRequiredService<AgentCatalog>();
        var store = services.GetRequiredService<IContextStore>();
        var replies = services.GetRequiredService<PendingReplies>();
        var steering = services.GetRequiredService<SteeringTargets>();
        var telemetry = services.GetRequiredService<FunctionsTelemetry>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("AgentPlatform.Functions.Invoke");
        if (!catalog.TryGet(agent, out var target))
        {
            await WriteProblemAsync(http, StatusCodes.Status404NotFound, "unknown agent '" + agent + "'").ConfigureAwait(false);
            return;
        }
        InvokeRequestBody request;
        try
        {
            var body = await ReadBodyAsync(http).ConfigureAwait(false);
            request = InvokeRequestBody.Parse(body);
        }
        catch (FunctionProtocolException ex)
        {
            await WriteProblemAsync(http, StatusCodes.Status400BadRequest, ex.Message).ConfigureAwait(false);
            return;
        }

        using var activity = FunctionsTelemetry.ActivitySource.StartActivity("invoke " + agent, ActivityKind.Server);
        activity?.SetTag("agentplatform.agent", agent);
        activity?.SetTag("agentplatform.invocation", request.Id);
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = ChunksContentType;
        http.Response.Headers["X-Function-Instance"] = InstanceId;
        if (http.Response.SupportsTrailers()) http.Response.DeclareTrailer("X-Cpu-Time");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        if (request.TimeoutMs is { } timeoutMs) deadline.CancelAfter(TimeSpan.FromMilliseconds(Math.Min(timeoutMs, int.MaxValue)));
        using var channel = new HttpInvocationChannel(http.Response, request, replies);
        var call = new AgentCall(agent, request.Id, request.Session, request.Cid, request.User, request.Input, (long?)request.TimeoutMs);
        var inbox = new SteeringInbox();
        using var steerable = steering.Register(request.Cid, request.Id, inbox);
        var timer = CpuTimer.Start();
        FunctionRecord final;
        string outcome;
        try
        {
            var run = await AgentRunner.RunAsync(target, call, channel, store, inbox, deadline.Token).ConfigureAwait(false);
            if (run.Conflicts > 0) telemetry.ContextConflicts.Add(run.Conflicts, new KeyValuePair<string, object?>("agent", agent));
            final = new ResultRecord(run.Result, timer.CpuMs);
            outcome = "completed";
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The Relay aborted the request (INTERRUPT or its own timeout): nobody is left to read a record.
            Log.Interrupted(logger, agent, request.Id);
            Record(telemetry, agent, "interrupted", timer);
            return;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            final = new ErrorRecord(AspErrorCodes.Timeout, "the invocation passed its timeoutMs", Retryable: true);
            outcome = "timeout";
        }
        catch (AgentException ex)
        {
            final = new ErrorRecord(ex.Code, ex.Message, ex.Retryable);
            outcome = "error";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.AgentFailed(logger, ex, agent, request.Id);
            final = new ErrorRecord(AspErrorCodes.Internal, "the agent failed: " + ex.GetType().Name, Retryable: false);
            outcome = "error";
        }

        try
        {
            if (http.Response.SupportsTrailers())
            {
                http.Response.AppendTrailer("X-Cpu-Time", timer.CpuMs.ToString("0.###", CultureInfo.InvariantCulture));
            }
            await channel.WriteAsync(final, http.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            outcome = "interrupted";
        }
        Record(telemetry, agent, outcome, timer);
    }

    /// <summary>POST /invoke/{agent}/{id}/replies/{rid}: completes a pending REQUEST of a running invocation.</summary>
    public static Task ReplyAsync(HttpContext http, string agent, string id, string rid)
    {
        ArgumentNullException.ThrowIfNull(http);
        var replies = http.RequestServices.GetRequiredService<PendingReplies>();
        return DeliverToInvocationAsync(http, body => replies.DeliverAsync(new ReplyKey(body.Cid, id, rid), body.Data),
            $"no invocation {id} of {agent} waits for request {rid}");
    }

    /// <summary>POST /invoke/{agent}/{id}/steering: hands steering data to a running invocation.</summary>
    public static Task SteerAsync(HttpContext http, string agent, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        var steering = http.RequestServices.GetRequiredService<SteeringTargets>();
        return DeliverToInvocationAsync(http, body => steering.DeliverAsync(body.Cid, id, body.Data), $"no invocation {id} of {agent} is running");
    }

    /// <summary>Replies and steering share a body ({cid, session, data}) and answers: 400 bad body, 202 taken, 404 nobody.</summary>
    private static async Task DeliverToInvocationAsync(HttpContext http, Func<ReplyBody, Task<bool>> deliver, string notFound)
    {
        ReplyBody body;
        try
        {
            body = ReplyBody.Parse(await ReadBodyAsync(http).ConfigureAwait(false));
        }
        catch (FunctionProtocolException ex)
        {
            await WriteProblemAsync(http, StatusCodes.Status400BadRequest, ex.Message).ConfigureAwait(false);
            return;
        }
        if (await deliver(body).ConfigureAwait(false))
        {
            http.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }
        await WriteProblemAsync(http, StatusCodes.Status404NotFound, notFound).ConfigureAwait(false);
    }

    // Copied out of the request so its buffers are released before the (possibly long) invocation runs.
    private static async Task<ReadOnlySequence<byte>> ReadBodyAsync(HttpContext http) =>
        new(await http.Request.ReadCappedAsync(MaxBodyBytes, http.RequestAborted).ConfigureAwait(false)
            ?? throw new FunctionProtocolException("body larger than " + MaxBodyBytes + " bytes"));

    private static Task WriteProblemAsync(HttpContext http, int status, string detail) =>
        Results.Problem(detail: detail, statusCode: status).ExecuteAsync(http);

    private static void Record(FunctionsTelemetry telemetry, string agent, string outcome, CpuTimer timer)
    {
        telemetry.Invocations.Add(1, new KeyValuePair<string, object?>("agent", agent), new KeyValuePair<string, object?>("outcome", outcome));
        telemetry.Duration.Record(timer.ElapsedWallMs, new KeyValuePair<string, object?>("agent", agent));
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Invocation {Id} of {Agent} interrupted by the caller")]
        public static partial void Interrupted(ILogger logger, string agent, string id);

        [LoggerMessage(2, LogLevel.Error, "Agent {Agent} failed in invocation {Id}")]
        public static partial void AgentFailed(ILogger logger, Exception exception, string agent, string id);
    }
}
