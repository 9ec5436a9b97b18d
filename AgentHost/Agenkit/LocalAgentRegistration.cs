using System.Text.Json.Nodes;
using AgentPlatform.Agents;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Protocol.Agenkit;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.AgentHost.Agenkit;

/// <summary>
/// A LocalAgent's registrations with a registry over the wire (seed 003 §4.4): <c>register</c> for every agent at
/// start, a <c>heartbeat</c> each interval (a failed one is retried sooner; one answered AGENT_NOT_FOUND, because
/// the registry pruned or restarted, registers again), <c>unregister</c> on stop.
/// </summary>
internal sealed partial class LocalAgentRegistration : IAsyncDisposable
{
    private readonly AgenkitRegistryClient _client;
    private readonly string _advertised;
    private readonly IReadOnlyList<IAgent> _agents;
    private readonly LocalAgentOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public LocalAgentRegistration(AgenkitEndpoint registry, string advertised, IEnumerable<IAgent> agents, LocalAgentOptions options, ILogger logger)
    {
        _client = new AgenkitRegistryClient(registry, new RemoteAgentOptions
        {
            Timeout = TimeSpan.FromSeconds(10),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            // The Relay's TCP listener wants agent.provide[.<agent>] outside Development; sent with every frame.
            AccessTokenFactory = options.RegistryAccessToken,
        });
        _advertised = advertised;
        _agents = [.. agents];
        _options = options;
        _logger = logger;
    }

    /// <summary>Registers every agent (the first attempt's failure is thrown: a misconfigured registry should fail the start), then heartbeats.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var agent in _agents) await RegisterAsync(agent, cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(HeartbeatLoopAsync, CancellationToken.None);
    }

    private Task<JsonObject> RegisterAsync(IAgent agent, CancellationToken cancellationToken)
    {
        var descriptor = agent.Describe();
        var capabilities = new JsonObject
        {
            ["streaming"] = true,
            ["capabilities"] = new JsonArray([.. descriptor.Capabilities.Select(c => (JsonNode)c)]),
            ["tools"] = new JsonArray([.. descriptor.Tools.Select(t => (JsonNode)t.Name)]),
        };
        var metadata = new JsonObject { ["version"] = descriptor.Version, ["description"] = descriptor.Description };
        foreach (var (key, value) in descriptor.Metadata) metadata[key] = value;
        return _client.RegisterAsync(new AgenkitRegistration(agent.Name, _advertised, capabilities, metadata), cancellationToken);
    }

    private async Task HeartbeatLoopAsync()
    {
        var wait = _options.HeartbeatInterval;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            wait = _options.HeartbeatInterval;
            foreach (var agent in _agents)
            {
                try
                {
                    await _client.HeartbeatAsync(agent.Name, AgenkitHeartbeat.Healthy, _stopping.Token).ConfigureAwait(false);
                }
                catch (AgenkitRemoteException ex) when (ex.Code == AgenkitErrorCodes.AgentNotFound)
                {
                    LogReregistering(_logger, agent.Name);
                    wait = await TryAsync(() => RegisterAsync(agent, _stopping.Token), agent.Name).ConfigureAwait(false) ? wait : _options.HeartbeatRetry;
                }
                catch (AgenkitRemoteException ex)
                {
                    LogHeartbeatFailed(_logger, agent.Name, ex.Code);
                    wait = _options.HeartbeatRetry;
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private async Task<bool> TryAsync(Func<Task> action, string agent)
    {
        try
        {
            await action().ConfigureAwait(false);
            return true;
        }
        catch (AgenkitRemoteException ex)
        {
            LogHeartbeatFailed(_logger, agent, ex.Code);
            return false;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        foreach (var agent in _agents)
        {
            try
            {
                await _client.UnregisterAsync(agent.Name, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AgenkitRemoteException or OperationCanceledException)
            {
                // Best effort: the registry prunes an agent whose heartbeats stop anyway.
            }
        }
        await _client.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "agenkit registry forgot {Agent}; registering again")]
    private static partial void LogReregistering(ILogger logger, string agent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "agenkit heartbeat for {Agent} failed ({Code}); retrying sooner")]
    private static partial void LogHeartbeatFailed(ILogger logger, string agent, string code);
}
