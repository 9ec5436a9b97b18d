using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace AgentPlatform.Relay.Limits;

/// <summary>
/// Kestrel's own verdict on a request (a body slower than <c>Relay:Limits:MinRequestBodyBytesPerSecond</c>: 408; over
/// <c>MaxRequestBodyBytes</c>: 413) reaches the client with that status and a problem+json body, instead of the
/// exception handler's generic 500.
/// </summary>
public sealed partial class KestrelRejectionHandler(ILogger<KestrelRejectionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException rejected || httpContext.Response.HasStarted) return false;
        LogRejected(logger, rejected.StatusCode);
        var title = rejected.StatusCode switch
        {
            StatusCodes.Status408RequestTimeout => "Request body too slow (Relay:Limits:MinRequestBodyBytesPerSecond)",
            StatusCodes.Status413PayloadTooLarge => "Request body too large (Relay:Limits:MaxRequestBodyBytes)",
            _ => "Bad request",
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["title"] = title, ["status"] = rejected.StatusCode });
        httpContext.Response.StatusCode = rejected.StatusCode;
        httpContext.Response.ContentType = AdmissionProblem.ContentType;
        httpContext.Response.ContentLength = body.Length;
        try
        {
            await httpContext.Response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The client is gone: the status was all it could get.
        }
        return true;
    }

    [LoggerMessage(EventId = 6901, Level = LogLevel.Debug, Message = "request rejected by Kestrel with {Status}")]
    private static partial void LogRejected(ILogger logger, int status);
}
