using AgentPlatform.Functions.WebPubSub.Agents;
using AgentPlatform.Functions.WebPubSub.Client;
using AgentPlatform.Functions.WebPubSub.Handler;
using AgentPlatform.Protocol.WebPubSub.Auth;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentPlatform.Functions.WebPubSub;

/// <summary>
/// Wires Functions as a Web PubSub event handler: the hub registry (the <c>agents</c> hub by default), the request
/// validator and the REST service client, all configured by <c>ConnectionStrings:webpubsub</c>. Without that
/// connection string nothing is registered and nothing is mapped.
/// </summary>
public static class WebPubSubHandlerExtensions
{
    public const string HttpClientName = "webpubsub-service";

    public static IServiceCollection AddWebPubSubHandler(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration.GetConnectionString("webpubsub");
        if (string.IsNullOrWhiteSpace(text)) return services;
        var connection = WebPubSubConnectionString.Parse(text);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new WebPubSubHandlerOptions(connection, configuration["WebPubSub:SecondaryAccessKey"]));
        services.AddHttpClient(HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 256 });
        services.AddSingleton(sp => new WebPubSubServiceClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), connection, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WebPubSubHubRegistry>();
        services.AddWebPubSubHub<AgentsHub>(AgentsHub.HubName);
        return services;
    }

    /// <summary>Binds a hub name to a handler type (a later binding of the same name wins).</summary>
    public static IServiceCollection AddWebPubSubHub<THub>(this IServiceCollection services, string hub) where THub : WebPubSubHub
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<THub>();
        services.AddSingleton(new WebPubSubHubRegistration(hub, typeof(THub)));
        return services;
    }

    public static IEndpointRouteBuilder MapWebPubSubHandler(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<WebPubSubHandlerOptions>() is null) return endpoints;
        endpoints.MapMethods(WebPubSubHandlerEndpoints.Pattern, [HttpMethods.Options, HttpMethods.Get], WebPubSubHandlerEndpoints.HandleOptionsAsync);
        endpoints.MapPost(WebPubSubHandlerEndpoints.Pattern, WebPubSubHandlerEndpoints.HandlePostAsync);
        return endpoints;
    }
}
