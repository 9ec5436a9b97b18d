namespace AgentPlatform.Relay.AspV1;

/// <summary>Maps the asp-v1 endpoint.</summary>
public static class AspV1EndpointExtensions
{
    public static IEndpointRouteBuilder MapAgentSocket(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Map(AspV1Endpoint.Path, (HttpContext context, AspV1Endpoint endpoint) => endpoint.HandleAsync(context));
        return app;
    }
}
