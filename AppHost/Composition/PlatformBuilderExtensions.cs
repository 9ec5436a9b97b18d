using AgentPlatform.AppHost.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.AppHost.Composition;

/// <summary>Adds the platform's conventions to Aspire's builder (see <see cref="AgentPlatform"/>).</summary>
public static class PlatformBuilderExtensions
{
    public static AgentPlatform AddAgentPlatform(this IDistributedApplicationBuilder builder, PlatformSetup setup)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(setup);
        var state = new PlatformState();
        builder.Services.AddSingleton(setup);
        builder.Services.AddSingleton(state);
        if (builder.ExecutionContext.IsRunMode)
        {
            // Built on Aspire's resource notifications, logs and commands: Aspire does not restart crashed
            // resources, does not fail the run when one cannot start, and writes no endpoints file for tools.
            builder.Services.AddHostedService<ServiceSupervisor>();
            builder.Services.AddHostedService<SupervisorProcessWatch>();
        }
        return new AgentPlatform(builder, setup, state);
    }
}
