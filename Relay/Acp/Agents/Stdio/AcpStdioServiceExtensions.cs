using Microsoft.Extensions.Options;

namespace AgentPlatform.Relay.Acp.Agents.Stdio;

/// <summary>Registers the stdio ACP agents as an <see cref="IAcpAgentProvider"/>.</summary>
public static class AcpStdioServiceExtensions
{
    /// <summary>
    /// Binds <c>Acp:Agents:{name}:Command</c>/<c>WorkingDirectory</c> and <c>Acp:MaxMessageBytes</c>, validated when the
    /// host starts (an empty command stops it), and registers <see cref="StdioAcpAgents"/> as an
    /// <see cref="IAcpAgentProvider"/> and a hosted service that stops the processes with the host.
    /// </summary>
    public static IServiceCollection AddAcpStdioAgents(this IServiceCollection services, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        services.AddOptions<AcpStdioOptions>().Configure(options => Bind(config, options)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AcpStdioOptions>, AcpStdioOptionsValidator>();
        services.AddSingleton(sp => new StdioAcpAgents(sp.GetRequiredService<IOptions<AcpStdioOptions>>(), sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<TimeProvider>()));
        services.AddSingleton<IAcpAgentProvider>(sp => sp.GetRequiredService<StdioAcpAgents>());
        services.AddHostedService(sp => sp.GetRequiredService<StdioAcpAgents>());
        return services;
    }

    private static void Bind(IConfiguration config, AcpStdioOptions options)
    {
        options.MaxMessageBytes = config.GetValue("Acp:MaxMessageBytes", AcpStdioOptions.DefaultMaxMessageBytes);
        foreach (var agent in config.GetSection("Acp:Agents").GetChildren())
        {
            options.Agents[agent.Key] = new AcpStdioAgentOptions
            {
                Command = agent["Command"] ?? "",
                WorkingDirectory = string.IsNullOrWhiteSpace(agent["WorkingDirectory"]) ? null : agent["WorkingDirectory"],
            };
        }
    }
}
