using AgentPlatform.Server.AgentChat;
using AgentPlatform.Server.AgentChat.Hosting;

namespace AgentPlatform.Relay.AgentChat;

/// <summary>The AgentChat dialect on the Relay: the shared engine at <c>/agentchat</c>, platform agents as members, connections in the core.</summary>
public static class AgentChatRelayExtensions
{
    /// <summary>The endpoint (endpoints.json <c>agentchat.url</c>).</summary>
    public const string Path = "/agentchat";

    public static IServiceCollection AddAgentChatDialect(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<AgentChatRelayDialect>();
        services.AddSingleton<PlatformChatAgents>();
        services.AddSingleton<IAgentChatPlatformAgents>(sp => sp.GetRequiredService<PlatformChatAgents>());
        services.AddSingleton<IAgentChatConnectionObserver, RelayChatConnections>();
        return services.AddAgentChatServer(configuration.GetSection("AgentChat"));
    }

    /// <summary>Maps <see cref="Path"/> unless <c>AgentChat:Enabled</c> is false (the endpoint takes no token: an operator may close it).</summary>
    public static WebApplication MapAgentChatDialect(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Configuration.GetValue("AgentChat:Enabled", true)) app.MapAgentChat(Path);
        return app;
    }
}
