using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Relay.Acp.Agents.Platform;

/// <summary>
/// A platform agent (a relay-mode function or a direct-mode provider from the Registry view) spoken to over ACP: "one
/// agent, two protocols". Nothing is started on attach; every prompt is an asp-v1 invocation through the Relay's router.
/// </summary>
public sealed class PlatformAcpAgent : IAcpAgent
{
    /// <summary>The highest ACP protocol version this agent speaks.</summary>
    public const int ProtocolVersion = 1;

    private static readonly string Version =
        typeof(PlatformAcpAgent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(PlatformAcpAgent).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    private readonly PlatformAcpServices _services;
    private readonly Func<string?> _title;

    internal PlatformAcpAgent(string name, PlatformAcpServices services, Func<string?> title)
    {
        Name = name;
        _services = services;
        _title = title;
    }

    public string Name { get; }

    public ValueTask<IAcpAttachment> AttachAsync(IAcpClientPeer peer, JsonRpcMessage initialize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(initialize);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IAcpAttachment>(new PlatformAcpAttachment(Name, peer, InitializeResult(initialize), _services));
    }

    /// <summary>
    /// The initialize result: the client's protocol version when it is lower than ours, session/load, text-only prompts,
    /// and no authentication (the connection was authenticated by the transport).
    /// </summary>
    private JsonObject InitializeResult(JsonRpcMessage initialize)
    {
        // Read from the JSON text: a node built in memory holds an int, one parsed from the wire a JsonElement.
        var asked = initialize.Params?["protocolVersion"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : ProtocolVersion;
        return new JsonObject
        {
            ["protocolVersion"] = (int)Math.Clamp(asked, 0, ProtocolVersion),
            ["agentCapabilities"] = new JsonObject
            {
                ["loadSession"] = true,
                ["promptCapabilities"] = new JsonObject { ["image"] = false, ["audio"] = false, ["embeddedContext"] = false },
            },
            ["agentInfo"] = new JsonObject { ["name"] = Name, ["title"] = _title() ?? Name, ["version"] = Version },
            ["authMethods"] = new JsonArray(),
        };
    }
}
