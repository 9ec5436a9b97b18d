using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace AgentPlatform.ServiceDefaults.Resilience;

/// <summary>Runs every outgoing request of one named client through that client's shared pipeline.</summary>
internal sealed class ResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(HttpResiliencePipelines.RequestKey, request);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Handler.SendInnerAsync(state.Request, ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
            return outcome.Exception switch
            {
                null => outcome.Result!,
                // Callers handle what HttpClient itself throws; Polly's own exception types would escape them.
                BrokenCircuitException broken => throw new HttpRequestException(
                    $"Calls to {request.RequestUri?.Host} are suspended after repeated failures (circuit open).", broken, HttpStatusCode.ServiceUnavailable),
                TimeoutRejectedException timeout when !cancellationToken.IsCancellationRequested => throw new TaskCanceledException(
                    $"{request.Method} {request.RequestUri?.Host} timed out after {timeout.Timeout.TotalSeconds} s.", new TimeoutException(timeout.Message, timeout)),
                var other => throw Rethrow(other),
            };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static Exception Rethrow(Exception exception)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception).Throw();
        return exception;
    }

    private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
