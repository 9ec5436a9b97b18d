using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Server.AgentChat.Hosting;

/// <summary>
/// The one way to host the AgentChat engine, used by the Relay (<c>/agentchat</c>) and by <c>agentchat serve</c>:
/// <c>services.AddAgentChatServer(configuration.GetSection("AgentChat"))</c>, then <c>endpoints.MapAgentChat("/agentchat")</c>.
/// </summary>
public static class AgentChatServerExtensions
{
    /// <summary>
    /// Registers the engine (one per host) with its options bound from <paramref name="section"/> and validated at
    /// start. The identity policy defaults to <see cref="IdentityPolicy.Seed"/> in Development and to
    /// <see cref="IdentityPolicy.Challenge"/> otherwise. A host may register an <see cref="IAgentChatPlatformAgents"/>
    /// and <see cref="IAgentChatConnectionObserver"/>s before or after.
    /// </summary>
    public static IServiceCollection AddAgentChatServer(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<AgentChatServerOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentChatServerOptions>, AgentChatServerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AgentChatServerOptions>>().Value;
            var policy = options.Identity.Policy ?? (sp.GetService<IHostEnvironment>()?.IsDevelopment() == true ? IdentityPolicy.Seed : IdentityPolicy.Challenge);
            return new AgentChatEngine(options, policy, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AgentChatEngine>>(),
                sp.GetService<IAgentChatPlatformAgents>(), sp.GetServices<IAgentChatConnectionObserver>());
        });
        return services;
    }

    /// <summary>
    /// Serves AgentChat WebSockets at <paramref name="pattern"/> (WebSocket support included, so the host need not call
    /// UseWebSockets). A plain HTTP request gets 426. At shutdown every connection is closed with 1001.
    /// <paramref name="platformAccess"/> says from the upgrade request which of the platform's agents the connection may DM
    /// (null: every connection may DM every agent) and which subprotocol to select, if any.
    /// </summary>
    public static IEndpointConventionBuilder MapAgentChat(this IEndpointRouteBuilder endpoints, string pattern,
        Func<HttpContext, (Func<string, bool> MayMessage, string? Subprotocol)>? platformAccess = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var engine = endpoints.ServiceProvider.GetRequiredService<AgentChatEngine>();
        endpoints.ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(engine.Shutdown);
        var pipeline = endpoints.CreateApplicationBuilder();
        // Adds the WebSocket feature unless the host's own UseWebSockets did already.
        pipeline.UseWebSockets();
        pipeline.Run(context => AcceptAsync(context, engine, platformAccess));
        return endpoints.Map(pattern, pipeline.Build());
    }

    private static async Task AcceptAsync(HttpContext context, AgentChatEngine engine, Func<HttpContext, (Func<string, bool> MayMessage, string? Subprotocol)>? platformAccess)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            await context.Response.WriteAsync("AgentChat speaks WebSocket here (docs/protocol/agentchat.md)\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        var (allowed, subprotocol) = platformAccess?.Invoke(context) ?? (static _ => true, null);
        var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = engine.Options.KeepAliveInterval, SubProtocol = subprotocol })
            .ConfigureAwait(false);
        using (socket)
        {
            await engine.RunAsync(socket, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted, allowed).ConfigureAwait(false);
        }
    }
}
