using System.ComponentModel.DataAnnotations;
using AgentPlatform.ServiceDefaults.Options;

namespace AgentPlatform.Relay.Acp;

/// <summary>Configuration section <c>Acp</c>: the ACP endpoint <c>/acp</c> (docs/operations/configuration.md, section ACP).</summary>
public sealed class AcpOptions
{
    public const string Section = "Acp";

    /// <summary>The agent <c>/acp</c> reaches; <c>/acp/{agent}</c> names any other.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DefaultAgent { get; set; } = "conversation";

    /// <summary>The largest JSON-RPC message a client may send (a WebSocket text frame or a POST body).</summary>
    [Range(1024, int.MaxValue / 4)]
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>A Streamable HTTP connection with no request and no open stream for this long is dropped.</summary>
    [DurationRange("00:00:00.100", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often an idle SSE stream carries a comment line so that proxies keep it open.</summary>
    [DurationRange("00:00:00.050", "01:00:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long the agent's output may wait for a client that reads none of it (HTTP streams above half of
    /// <see cref="MaxQueuedBytes"/>, a WebSocket's full outbox) before the connection is closed; the SDK's 60 s.
    /// </summary>
    [DurationRange("00:00:00.100", "01:00:00")]
    public TimeSpan OutputStallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The replay extension (<c>agentplatform/replay</c>).</summary>
    public AcpReplayOptions Replay { get; set; } = new();

    /// <summary>What an HTTP connection may hold for its streams before it is closed: four messages of the largest size.</summary>
    public long MaxQueuedBytes => (long)MaxMessageBytes * 4;
}
