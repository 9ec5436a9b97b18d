using System.Net;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace AgentPlatform.ServiceDefaults.Http;

/// <summary>
/// Sits outside the standard resilience handler and turns its rejections into what HttpClient itself throws, so
/// callers keep handling <see cref="HttpRequestException"/> and <see cref="TaskCanceledException"/> only: a timeout
/// becomes a <see cref="TaskCanceledException"/> around a <see cref="TimeoutException"/> (as HttpClient.Timeout does),
/// an open circuit a 503 <see cref="HttpRequestException"/>. Without it, Polly's exception types escape catch blocks
/// written for HttpClient and end the background loops that poll other services.
/// </summary>
internal sealed class ResilienceRejections : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TaskCanceledException(
                $"{request.Method} {request.RequestUri?.Host} timed out after {ex.Timeout.TotalSeconds} s.", new TimeoutException(ex.Message, ex));
        }
        catch (BrokenCircuitException ex)
        {
            throw new HttpRequestException(
                $"Calls to {request.RequestUri?.Host} are suspended after repeated failures (circuit open).", ex, HttpStatusCode.ServiceUnavailable);
        }
    }
}
