using AgentPlatform.Client.Discovery;
using AgentPlatform.Client.Registry;
using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Client.AgentSocket;

/// <summary>Connecting by agent name (Registry lookup) or by domain (AID discovery).</summary>
public sealed partial class AgentSocketClient
{
    /// <summary>The code of a failed AID discovery.</summary>
    public const string DiscoveryFailed = "DISCOVERY_FAILED";

    /// <summary>
    /// Connects to wherever <paramref name="agent"/> is served: a healthy direct-mode asp-v1 instance's own
    /// endpoint (picked round-robin by the Registry), otherwise — relay-mode agents are reached through the
    /// Relay — <paramref name="relayUrl"/>.
    /// </summary>
    public static async Task<AgentSocketClient> ConnectToAgentAsync(string agent, RegistryClient registry, Uri? relayUrl = null,
        AgentSocketClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        ArgumentNullException.ThrowIfNull(registry);
        var instance = await registry.PickAsync(agent, cancellationToken).ConfigureAwait(false)
            ?? throw new AgentSocketException(AspErrorCodes.UnknownAgent, "the Registry knows no agent named " + agent, false);
        if (instance.Mode == "direct" && instance.Protocol == AspV1Protocol.SubProtocol
            && Uri.TryCreate(instance.Endpoint, UriKind.Absolute, out var direct) && direct.Scheme is "ws" or "wss")
        {
            return await ConnectAsync(direct, options, cancellationToken).ConfigureAwait(false);
        }
        if (relayUrl is null)
        {
            throw new AgentSocketException(AspErrorCodes.UnknownAgent,
                agent + " is served in " + instance.Mode + " mode over " + instance.Protocol + "; pass the Relay's URL to reach it", false);
        }
        return await ConnectAsync(relayUrl, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Discovers the agent of <paramref name="domain"/> through its <c>_agent</c> TXT record (AID) and connects.</summary>
    public static async Task<AgentSocketClient> ConnectByDomainAsync(string domain, AgentDiscovery discovery,
        AgentSocketClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        ArgumentNullException.ThrowIfNull(discovery);
        var result = await discovery.DiscoverAsync(domain, cancellationToken).ConfigureAwait(false);
        if (result.Record is not { } record)
        {
            throw new AgentSocketException(DiscoveryFailed, "AID discovery for " + domain + " failed: " + result.Error, false);
        }
        return await ConnectAsync(new Uri(record.Uri), options, cancellationToken).ConfigureAwait(false);
    }
}
