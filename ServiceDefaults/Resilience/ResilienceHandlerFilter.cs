using Microsoft.Extensions.Http;

namespace AgentPlatform.ServiceDefaults.Resilience;

/// <summary>
/// A filter rather than ConfigureHttpClientDefaults because only the handler builder knows the client's
/// name, and the breaker must be per client. Inserted first, so it wraps every other handler.
/// </summary>
internal sealed class ResilienceHandlerFilter(HttpResiliencePipelines pipelines) : IHttpMessageHandlerBuilderFilter
{
    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
    {
        next(builder);
        var name = builder.Name ?? string.Empty;
        if (pipelines.AppliesTo(name)) builder.AdditionalHandlers.Insert(0, new ResilienceHandler(pipelines.For(name)));
    };
}
