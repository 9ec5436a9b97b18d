using AgentPlatform.Protocol.Auth;
using AgentPlatform.Relay.Auth;
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

    /// <summary>
    /// Maps <see cref="Path"/> unless <c>AgentChat:Enabled</c> is false. Chat itself takes no token (seed-era clients
    /// have none; an operator may close the endpoint), but DMs to the platform's agents invoke functions, so only a
    /// connection that presented the agent-socket token on the upgrade (header, subprotocol or query) may send them.
    /// </summary>
    public static WebApplication MapAgentChatDialect(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue("AgentChat:Enabled", true)) return app;
        var authenticator = app.Services.GetRequiredService<AgentSocketAuthenticator>();
        app.MapAgentChat(Path, context =>
        {
            // A valid token whose roles allow invoking some agent (agent.invoke, agent.invoke.<agent>) may DM them.
            var identity = authenticator.AuthenticateRequest(context.Request).Identity;
            var via = identity is not null && PlatformRoles.MayInvokeAny(identity.Roles) ? identity.Via : null;
            // A browser that offered the token as a subprotocol needs one selected: its own entry is echoed (as ACP does).
            var subprotocol = via == "subprotocol"
                ? context.WebSockets.WebSocketRequestedProtocols.FirstOrDefault(p => p.StartsWith(AgentSocketAuthenticator.SubprotocolPrefix, StringComparison.Ordinal))
                : null;
            // Each DM is checked against the token's roles: agent.invoke.foo lets it message foo, not every agent.
            Func<string, bool> mayMessage = identity is null || via is null ? static _ => false : identity.MayInvoke;
            return (mayMessage, subprotocol);
        });
        return app;
    }
}
