using System.Buffers;
using System.Diagnostics;
using System.Net;
using AgentPlatform.FunctionsHost.Routing;
using AgentPlatform.FunctionsHost.Rpc;
using AgentPlatform.FunctionsHost.Worker;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AgentPlatform.FunctionsHost.Forwarding;

/// <summary>
/// What the Functions host does for an HTTP trigger when the worker serves HTTP itself: match the route, send the
/// InvocationRequest over gRPC and, at the same time, forward the request to the worker's HTTP endpoint with the
/// <c>x-ms-invocation-id</c> header; the worker pairs the two. The response streams back read by read, each flushed.
/// </summary>
public sealed partial class InvocationForwarder : IDisposable
{
    public const string InvocationIdHeader = "x-ms-invocation-id";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Host",
    };

    private readonly WorkerSupervisor _supervisor;
    private readonly FunctionsHostOptions _options;
    private readonly ILogger _logger;
    private readonly HttpMessageInvoker _worker = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
    });

    public InvocationForwarder(WorkerSupervisor supervisor, IOptions<FunctionsHostOptions> options, ILogger<InvocationForwarder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _supervisor = supervisor;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The terminal handler for every request no host endpoint (health) took.</summary>
    public async Task ForwardAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var state = _supervisor.Current;
        if (!state.IsReady)
        {
            await ProblemAsync(http, StatusCodes.Status503ServiceUnavailable, "Functions worker unavailable", state.Reason).ConfigureAwait(false);
            return;
        }
        if (!state.Functions.TryMatch(http.Request.Method, http.Request.Path, out var function, out var routeValues))
        {
            await ProblemAsync(http, StatusCodes.Status404NotFound, "Not Found", "no function matches this method and route").ConfigureAwait(false);
            return;
        }
        await InvokeAsync(http, state, function, routeValues).ConfigureAwait(false);
    }

    private async Task InvokeAsync(HttpContext http, WorkerState state, HttpFunction function, RouteValueDictionary routeValues)
    {
        var session = state.Session!;
        var invocationId = Guid.NewGuid().ToString();
        var result = session.Invoke(Invocation(http, function, routeValues, invocationId));
        using var forward = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, session.Closed);
        using var request = Request(http, state.HttpUri!, invocationId);
        HttpResponseMessage? response = null;
        var responseStarted = false;
        try
        {
            var send = _worker.SendAsync(request, forward.Token);
            // A failure the worker reports before its HTTP pipeline answers (binding, startup) ends the call at once.
            if (await Task.WhenAny(send, result).ConfigureAwait(false) == result && !Succeeded(result))
            {
                await forward.CancelAsync().ConfigureAwait(false);
                await AbandonAsync(send).ConfigureAwait(false);
                await FailedAsync(http, function, invocationId, result).ConfigureAwait(false);
                return;
            }
            response = await send.ConfigureAwait(false);
            var body = await response.Content.ReadAsStreamAsync(forward.Token).ConfigureAwait(false);
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                var read = await body.ReadAsync(buffer, forward.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    // Nothing written yet, so the InvocationResponse can still turn this into a 500: a function that threw
                    // leaves the worker's HTTP response empty (200) and reports the exception over gRPC.
                    var outcome = await WaitResultAsync(result).ConfigureAwait(false);
                    if (outcome is not { Result.Status: StatusResult.Types.Status.Success })
                    {
                        await FailedAsync(http, function, invocationId, result).ConfigureAwait(false);
                        return;
                    }
                    CopyHead(response, http.Response);
                    return;
                }
                CopyHead(response, http.Response);
                http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                responseStarted = true;
                do
                {
                    await http.Response.Body.WriteAsync(buffer.AsMemory(0, read), http.RequestAborted).ConfigureAwait(false);
                    await http.Response.Body.FlushAsync(http.RequestAborted).ConfigureAwait(false);
                    read = await body.ReadAsync(buffer, forward.Token).ConfigureAwait(false);
                }
                while (read > 0);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            var final = await WaitResultAsync(result).ConfigureAwait(false);
            if (final is not { Result.Status: StatusResult.Types.Status.Success })
            {
                // The body is out already; a broken response is the only honest way left to say the function failed.
                Log.FailedAfterStart(_logger, function.Name, invocationId);
                http.Abort();
            }
        }
        catch (Exception ex) when (http.RequestAborted.IsCancellationRequested && ex is OperationCanceledException or IOException or HttpRequestException)
        {
            // The caller went away: cancel the invocation in the worker (FunctionContext.CancellationToken) and, by
            // disposing the forwarded request below, abort the HTTP request it is serving (HttpContext.RequestAborted).
            session.Cancel(invocationId);
            Log.ClientAborted(_logger, function.Name, invocationId);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
            var why = session.Closed.IsCancellationRequested ? "the worker stopped during the invocation" : "the worker's HTTP endpoint failed: " + ex.GetType().Name;
            Log.WorkerFailed(_logger, function.Name, invocationId, why);
            if (responseStarted || http.Response.HasStarted) http.Abort();
            else await ProblemAsync(http, StatusCodes.Status503ServiceUnavailable, "Functions worker unavailable", why).ConfigureAwait(false);
        }
        finally
        {
            session.Forget(invocationId);
            response?.Dispose();
        }
    }

    private async Task<InvocationResponse?> WaitResultAsync(Task<InvocationResponse> result)
    {
        try
        {
            return await result.WaitAsync(_options.InvocationResultTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            return null;
        }
    }

    // The cancelled request ends promptly; this call still owns it, so it waits and releases a response that won the race.
    private static async Task AbandonAsync(Task<HttpResponseMessage> send)
    {
        try
        {
            (await send.ConfigureAwait(false)).Dispose();
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException)
        {
            // Cancelled as asked, or the worker went away: nothing to release.
        }
    }

    private static bool Succeeded(Task<InvocationResponse> result) =>
        result.IsCompletedSuccessfully && result.Result.Result?.Status == StatusResult.Types.Status.Success;

    private async Task FailedAsync(HttpContext http, HttpFunction function, string invocationId, Task<InvocationResponse> result)
    {
        if (!result.IsCompletedSuccessfully)
        {
            await ProblemAsync(http, StatusCodes.Status503ServiceUnavailable, "Functions worker unavailable",
                "the worker stopped or did not answer during the invocation").ConfigureAwait(false);
            return;
        }
        var status = result.Result.Result;
        Log.FunctionFailed(_logger, function.Name, invocationId, status?.Exception?.Type ?? "", status?.Status.ToString() ?? "");
        await ProblemAsync(http, StatusCodes.Status500InternalServerError, "Function failed",
            $"function '{function.Name}' failed (invocation {invocationId})").ConfigureAwait(false);
    }

    private static InvocationRequest Invocation(HttpContext http, HttpFunction function, RouteValueDictionary routeValues, string invocationId)
    {
        var activity = Activity.Current;
        var invocation = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.FunctionId,
            TraceContext = new RpcTraceContext
            {
                TraceParent = activity?.Id ?? $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-00",
                TraceState = activity?.TraceStateString ?? "",
            },
        };
        // The request itself reaches the worker over HTTP; the trigger input carries its shape and the route values,
        // which the host also offers as trigger metadata (binding expressions such as {agent}).
        var rpcHttp = new RpcHttp { Method = http.Request.Method, Url = http.Request.GetDisplayUrl() };
        foreach (var (key, value) in routeValues)
        {
            var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            rpcHttp.Params[key] = text;
            invocation.TriggerMetadata[key] = new TypedData { String = text };
        }
        foreach (var (key, value) in http.Request.Query) rpcHttp.Query[key] = value.ToString();
        invocation.InputData.Add(new ParameterBinding { Name = function.BindingName, Data = new TypedData { Http = rpcHttp } });
        return invocation;
    }

    private static HttpRequestMessage Request(HttpContext http, Uri workerUri, string invocationId)
    {
        var incoming = http.Request;
        var request = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(workerUri, incoming.PathBase + incoming.Path + incoming.QueryString))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (incoming.ContentLength is not null || incoming.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(incoming.Body, 64 * 1024);
        }
        foreach (var (name, values) in incoming.Headers)
        {
            if (HopByHop.Contains(name)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values)) request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        request.Headers.TryAddWithoutValidation(InvocationIdHeader, invocationId);
        // The worker applies forwarded headers (UseForwardedHeaders), so it sees the caller's host and scheme as in Azure.
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", incoming.Host.Value);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", incoming.Scheme);
        if (http.Connection.RemoteIpAddress is { } remote) request.Headers.TryAddWithoutValidation("X-Forwarded-For", remote.ToString());
        return request;
    }

    private static void CopyHead(HttpResponseMessage from, HttpResponse to)
    {
        to.StatusCode = (int)from.StatusCode;
        foreach (var (name, values) in from.Headers)
        {
            if (!HopByHop.Contains(name)) to.Headers[name] = values.ToArray();
        }
        foreach (var (name, values) in from.Content.Headers) to.Headers[name] = values.ToArray();
    }

    private static Task ProblemAsync(HttpContext http, int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(http);

    public void Dispose() => _worker.Dispose();

    private static partial class Log
    {
        [LoggerMessage(7301, LogLevel.Warning, "Function {Function} failed (invocation {InvocationId}, {Status}, {ExceptionType})")]
        public static partial void FunctionFailed(ILogger logger, string function, string invocationId, string exceptionType, string status);

        [LoggerMessage(7302, LogLevel.Warning, "Function {Function} failed after its response had started (invocation {InvocationId}); response aborted")]
        public static partial void FailedAfterStart(ILogger logger, string function, string invocationId);

        [LoggerMessage(7303, LogLevel.Information, "Caller aborted function {Function} (invocation {InvocationId}); cancelled in the worker")]
        public static partial void ClientAborted(ILogger logger, string function, string invocationId);

        [LoggerMessage(7304, LogLevel.Warning, "Function {Function} (invocation {InvocationId}) failed in transit: {Reason}")]
        public static partial void WorkerFailed(ILogger logger, string function, string invocationId, string reason);
    }
}
