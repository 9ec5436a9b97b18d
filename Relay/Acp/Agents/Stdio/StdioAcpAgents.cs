using Microsoft.Extensions.Options;

namespace AgentPlatform.Relay.Acp.Agents.Stdio;

/// <summary>
/// The configured stdio ACP agents (<c>Acp:Agents:{name}:Command</c>), found by name. Each process starts on its first
/// client and is stopped with the host (stdin closed, 5 s, then its process tree killed).
/// </summary>
public sealed class StdioAcpAgents : IAcpAgentProvider, IHostedService, IAsyncDisposable
{
    private readonly Dictionary<string, StdioAcpAgent> _agents = new(StringComparer.OrdinalIgnoreCase);

    public StdioAcpAgents(IOptions<AcpStdioOptions> options, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var settings = options.Value;
        var logger = loggerFactory.CreateLogger<StdioAcpAgent>();
        foreach (var (name, agent) in settings.Agents)
        {
            _agents[name] = new StdioAcpAgent(name, agent, settings, logger, time);
        }
    }

    /// <summary>The configured names.</summary>
    public IReadOnlyCollection<string> Names => _agents.Keys;

    public IAcpAgent? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _agents.GetValueOrDefault(name);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_agents.Values.Select(a => a.DisposeAsync().AsTask())).ConfigureAwait(false);
    }
}
