using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Client.Agents;
using AgentPlatform.Functions.Agents;
using AgentPlatform.Protocol.MessagePack;
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
        var http = httpClientFactory.CreateClient(HttpClientName);
        var key = configuration["AgentPlatform:Keys:Registry"];
        var registered = new HashSet<string>(StringComparer.Ordinal);
        using var timer = new PeriodicTimer(settings.HeartbeatInterval);
        do
        {
            foreach (var agent in catalog.Agents)
            {
                try
                {
                    if (!registered.Contains(agent.Name) || !await HeartbeatAsync(http, key, agent.Name, settings.InstanceId, stoppingToken).ConfigureAwait(false))
                    {
                        registered.Remove(agent.Name);
                        await RegisterAsync(http, key, agent, endpoint, settings.InstanceId, stoppingToken).ConfigureAwait(false);
                        registered.Add(agent.Name);
                        Log.Registered(logger, agent.Name, settings.InstanceId, endpoint);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
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

    private static async Task RegisterAsync(HttpClient http, string? key, IAgent agent, string endpoint, string instanceId, CancellationToken ct)
    {
        var descriptor = agent.Describe();
        var body = new JsonObject
        {
            ["endpoint"] = endpoint,
            ["protocol"] = "asp-v1",
            ["mode"] = "relay",
            ["capabilities"] = new JsonArray([.. descriptor.Capabilities.Select(c => (JsonNode?)JsonValue.Create(c))]),
            ["tools"] = new JsonArray([.. descriptor.Tools.Select(t => (JsonNode?)new JsonObject
            {
                ["name"] = t.Name,
                ["description"] = t.Description,
                ["schema"] = MsgPackJson.ToJsonNode(t.Schema),
            })]),
            ["metadata"] = new JsonObject
            {
                ["description"] = descriptor.Description,
                ["version"] = descriptor.Version,
            },
            ["public"] = true,
        };
        using var request = new HttpRequestMessage(HttpMethod.Put, AgentPath(agent.Name, instanceId)) { Content = JsonContent.Create(body) };
        Authorize(request, key);
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<bool> HeartbeatAsync(HttpClient http, string? key, string agent, string instanceId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, AgentPath(agent, instanceId) + "/heartbeat");
        Authorize(request, key);
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        response.EnsureSuccessStatusCode();
        return true;
    }

    private static string AgentPath(string agent, string instanceId) => string.Create(CultureInfo.InvariantCulture,
        $"/v1/agents/{Uri.EscapeDataString(agent)}/instances/{Uri.EscapeDataString(instanceId)}");

    private static void Authorize(HttpRequestMessage request, string? key)
    {
        if (!string.IsNullOrEmpty(key)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
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
