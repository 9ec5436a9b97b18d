using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.ServiceDefaults.Resilience;

public static class HttpClientBuilderResilienceExtensions
{
    /// <summary>
    /// Keeps this named client out of the standard pipeline (timeouts, retry, circuit breaker), for calls that carry
    /// their own deadline and error mapping, such as a relay-mode invocation whose response headers only come with
    /// the agent's first output.
    /// </summary>
    public static IHttpClientBuilder WithoutStandardResilience(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<HttpResilienceOptions>(o => o.ExcludedClients.Add(builder.Name));
        return builder;
    }
}
