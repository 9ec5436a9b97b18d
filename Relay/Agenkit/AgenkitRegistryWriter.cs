using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Protocol.Registry;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>
/// Writes agents registered over the agenkit socket into the Registry (registry.md: PUT, heartbeat, DELETE), as
/// direct-mode instances with protocol <c>agenkit</c> and their own endpoint, so that every Relay replica and the
/// Dashboard see them. Without a configured Registry it does nothing (the Relay's own table still routes).
/// </summary>
public sealed class AgenkitRegistryWriter(IHttpClientFactory http, RelayOptions options, IConfiguration configuration)
{
    /// <summary>The named HttpClient of the writes.</summary>
    public const string HttpClientName = "agenkit-registry";

    private readonly string? _key = configuration["AgentPlatform:Keys:Registry"];

    /// <summary>The Registry instance id of an endpoint: stable, so registering again refreshes instead of duplicating.</summary>
    public static string InstanceId(string endpoint) =>
        "agenkit-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(endpoint)))[..16];

    /// <summary>The Registry body of a registration: capability tokens from the truthy keys and tool names, metadata as strings.</summary>
    public static AgentRegistration ToRegistry(AgenkitRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var capabilities = new List<string>();
        foreach (var (key, value) in registration.Capabilities)
        {
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.True) capabilities.Add(key == "streaming" ? "stream" : key);
            if (value is JsonArray tools && tools.Count > 0 && !capabilities.Contains("tools")) capabilities.Add("tools");
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["agenkit_name"] = registration.AgentName };
        foreach (var (key, value) in registration.Metadata)
        {
            if (value is null) continue;
            metadata[key] = value is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : value.ToJsonString();
        }
        return new AgentRegistration
        {
            Endpoint = registration.Endpoint,
            Protocol = AgentProtocols.Agenkit,
            Mode = AgentModes.Direct,
            Capabilities = capabilities,
            Metadata = metadata,
        };
    }

    /// <summary>PUT; null when it succeeded (or there is no Registry), else why not.</summary>
    public async Task<string?> RegisterAsync(AgenkitRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (options.RegistryUrl is null) return null;
        using var request = Request(HttpMethod.Put, registration.AgentName, InstanceId(registration.Endpoint), "");
        request.Content = JsonContent.Create(ToRegistry(registration), RegistryJsonContext.Default.AgentRegistration);
        try
        {
            using var response = await Client().SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : "the Registry answered " + (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return "the Registry is unreachable";
        }
    }

    /// <summary>Heartbeat; a 404 (the Registry pruned it meanwhile) registers again.</summary>
    public async Task HeartbeatAsync(AgenkitRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (options.RegistryUrl is null) return;
        using var request = Request(HttpMethod.Post, registration.AgentName, InstanceId(registration.Endpoint), "/heartbeat");
        try
        {
            using var response = await Client().SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound) await RegisterAsync(registration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // The next heartbeat tries again; the Relay's own table keeps routing meanwhile.
        }
    }

    /// <summary>DELETE (unregister or pruned); a Registry that is away prunes the instance itself later.</summary>
    public async Task DeregisterAsync(AgenkitRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (options.RegistryUrl is null) return;
        using var request = Request(HttpMethod.Delete, registration.AgentName, InstanceId(registration.Endpoint), "");
        try
        {
            using var response = await Client().SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // Its heartbeats stopped: the Registry prunes it after its own timeout.
        }
    }

    private HttpClient Client() => http.CreateClient(HttpClientName);

    private HttpRequestMessage Request(HttpMethod method, string name, string instanceId, string suffix)
    {
        var uri = new Uri(options.RegistryUrl!, $"/v1/agents/{Uri.EscapeDataString(name)}/instances/{Uri.EscapeDataString(instanceId)}{suffix}");
        var request = new HttpRequestMessage(method, uri);
        if (!string.IsNullOrEmpty(_key)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _key);
        return request;
    }
}
