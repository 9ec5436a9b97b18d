using System.Text;
using AgentPlatform.Protocol.Aid;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Registry.Options;

namespace AgentPlatform.Registry.Aid;

/// <summary>
/// Decides the AID record of an agent (docs/protocol/aid.md, "What the Registry publishes"): a healthy direct
/// instance with a <c>wss://</c> endpoint is published as is; otherwise a WebSocket-dialect agent is published
/// behind the Relay's public <c>wss://</c> URL. Anything else has no valid AID record and is not published.
/// </summary>
public sealed class AidPublisher(AidOptions options)
{
    public bool TryBuild(string name, IReadOnlyList<AgentInstance> instances, out string? txt, out string? why)
    {
        ArgumentNullException.ThrowIfNull(instances);
        txt = null;
        var candidates = instances.Where(i => i.Public).OrderBy(i => i.InstanceId, StringComparer.Ordinal).ToList();
        if (candidates.Count == 0)
        {
            why = "not public";
            return false;
        }
        var uri = candidates.FirstOrDefault(i => i.Mode == AgentModes.Direct && i.Status == InstanceStatus.Healthy
                && i.Endpoint.StartsWith("wss://", StringComparison.OrdinalIgnoreCase))?.Endpoint
            ?? RelayUri(name, candidates[0].Protocol);
        if (uri is null)
        {
            why = "no wss:// endpoint: register a direct wss:// endpoint or configure Registry:Aid:PublicRelayUrl";
            return false;
        }
        var record = new AidRecord
        {
            Version = AidTokens.V1,
            Proto = AidTokens.WebSocket,
            Uri = uri,
            Auth = string.IsNullOrEmpty(options.Auth) ? null : options.Auth,
            Desc = Description(candidates[0].Metadata),
        };
        if (!AidRecordFormatter.TryFormat(record, out txt, out var error))
        {
            why = error!.Message;
            return false;
        }
        why = null;
        return true;
    }

    /// <summary>The DNS owner name of an agent's record: <c>_agent.{name}.{zone}.</c>, or relative without a zone.</summary>
    public string OwnerName(string name) =>
        string.IsNullOrEmpty(options.Zone) ? $"_agent.{name}" : $"_agent.{name}.{options.Zone.TrimEnd('.')}.";

    private string? RelayUri(string name, string protocol)
    {
        if (string.IsNullOrEmpty(options.PublicRelayUrl) || !options.PublicRelayUrl.StartsWith("wss://", StringComparison.OrdinalIgnoreCase)) return null;
        var path = protocol switch
        {
            AgentProtocols.AspV1 => "/v1/agent-socket",
            AgentProtocols.Acp => "/acp",
            AgentProtocols.AgentChat => "/chat",
            _ => null,
        };
        return path is null ? null : options.PublicRelayUrl.TrimEnd('/') + path + "?agent=" + Uri.EscapeDataString(name);
    }

    private static string? Description(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue("description", out var d)) return null;
        d = d.Replace(';', ',').Trim();
        if (d.Length == 0) return null;
        // Cut on a character boundary so the value stays within AID's 60-byte limit.
        while (Encoding.UTF8.GetByteCount(d) > AidTokens.MaxDescBytes) d = d[..^1];
        d = d.Trim();
        return d.Length == 0 ? null : d;
    }
}
