using System.Text.Json;
using AgentPlatform.Agents;
using AgentPlatform.Client.Registry;
using AgentPlatform.Functions.Agents;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Protocol.Registry;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Functions.Registration;

/// <summary>
/// Registers every shipped agent with the Registry as a relay-mode instance of this process once Kestrel is
/// listening, then heartbeats; a 404 heartbeat means the Registry pruned (or forgot) us, so we register again.
/// </summary>
public sealed partial class RegistrationService(
    IHttpClientFactory httpClientFactory,
    IConfiguration configuration,
    IOptions<RegistrationOptions> options,
    AgentCatalog catalog,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<RegistrationService> logger) : BackgroundService
{
    public const string HttpClientName = "registry";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || string.IsNullOrEmpty(configuration["services:registry:http:0"]))
        {
            Log.RegistrationDisabled(logger);
            return;
        }
        if (!await WaitForStartAsync(stoppingToken).ConfigureAwait(false)) return;
        var endpoint = settings.PublicUrl ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (endpoint is null)
        {
            Log.NoPublicUrl(logger);
            return;
        }
        var registry = new RegistryClient(httpClientFactory.CreateClient(HttpClientName), configuration["AgentPlatform:Keys:Registry"]);
        var registered = new HashSet<string>(StringComparer.Ordinal);
        using var timer = new PeriodicTimer(settings.HeartbeatInterval);
        do
        {
            foreach (var agent in catalog.Agents)
            {
                try
                {
                    // Unlike RegistrationHeartbeat, a Registry that is not up yet is not fatal here: keep trying each tick.
                    if (!registered.Contains(agent.Name) || !await registry.HeartbeatAsync(agent.Name, settings.InstanceId, stoppingToken).ConfigureAwait(false))
                    {
                        registered.Remove(agent.Name);
                        await registry.RegisterAsync(agent.Name, settings.InstanceId, Describe(agent, endpoint), stoppingToken).ConfigureAwait(false);
                        registered.Add(agent.Name);
                        Log.Registered(logger, agent.Name, settings.InstanceId, endpoint);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or RegistryException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
                {
                    Log.RegistryUnavailable(logger, agent.Name, ex.Message);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var a = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var b = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The registry contract for one shipped agent served by this instance in relay mode.</summary>
    private static AgentRegistration Describe(IAgent agent, string endpoint)
    {
        var descriptor = agent.Describe();
        return new AgentRegistration
        {
            Endpoint = endpoint,
            Protocol = AgentProtocols.AspV1,
            Mode = AgentModes.Relay,
            Capabilities = [.. descriptor.Capabilities],
            Tools = [.. descriptor.Tools.Select(t => new ToolDescriptor
            {
                Name = t.Name,
                Description = t.Description,
                Schema = JsonSerializer.SerializeToElement(MsgPackJson.ToJsonNode(t.Schema ?? MsgPackValue.Map())),
            })],
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["description"] = descriptor.Description,
                ["version"] = descriptor.Version,
            },
            Public = true,
        };
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Registry registration disabled or no registry configured (services:registry:http:0)")]
        public static partial void RegistrationDisabled(ILogger logger);

        [LoggerMessage(2, LogLevel.Warning, "No public URL known for this Functions instance; not registering")]
        public static partial void NoPublicUrl(ILogger logger);

        [LoggerMessage(3, LogLevel.Information, "Registered agent {Agent} as instance {InstanceId} at {Endpoint}")]
        public static partial void Registered(ILogger logger, string agent, string instanceId, string endpoint);

        [LoggerMessage(4, LogLevel.Warning, "Registry unavailable for agent {Agent}: {Reason}")]
        public static partial void RegistryUnavailable(ILogger logger, string agent, string reason);
    }
}
