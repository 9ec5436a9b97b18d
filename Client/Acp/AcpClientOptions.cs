using System.Text.Json.Nodes;

namespace AgentPlatform.Client.Acp;

/// <summary>How an <see cref="AcpClient"/> connects, introduces itself and answers the agent.</summary>
public sealed class AcpClientOptions
{
    /// <summary><c>clientInfo.name</c> in initialize.</summary>
    public string ClientName { get; set; } = "agentplatform-dotnet";

    /// <summary><c>clientInfo.version</c> in initialize.</summary>
    public string ClientVersion { get; set; } = "1.0.0";

    /// <summary>
    /// Ask for the Relay's replay extension (docs/protocol/acp.md): session notifications carry a sequence number, the
    /// client acknowledges them and may resume a session on a new connection with what it missed. Off by default.
    /// </summary>
    public bool Replay { get; set; }

    /// <summary>With <see cref="Replay"/>, cumulative acknowledgements are sent at most this often.</summary>
    public TimeSpan AckInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest message accepted from the agent (the Relay's default limit).</summary>
    public int MaxMessageBytes { get; set; } = 16 << 20;

    /// <summary>Every session/update, whatever session (also those replayed by session/load and resume).</summary>
    public Func<AcpSessionUpdate, ValueTask>? OnSessionUpdate { get; set; }

    /// <summary>Answers session/request_permission with <c>{outcome: …}</c>; without it the client answers <c>cancelled</c>.</summary>
    public Func<AcpAgentRequest, CancellationToken, ValueTask<JsonObject>>? OnRequestPermission { get; set; }

    /// <summary>Answers fs/read_text_file with <c>{content}</c>; set, it is advertised as <c>fs.readTextFile</c>.</summary>
    public Func<AcpAgentRequest, CancellationToken, ValueTask<JsonObject>>? OnReadTextFile { get; set; }

    /// <summary>Answers fs/write_text_file; set, it is advertised as <c>fs.writeTextFile</c>.</summary>
    public Func<AcpAgentRequest, CancellationToken, ValueTask<JsonObject>>? OnWriteTextFile { get; set; }

    /// <summary>Handlers for any other agent request method (terminal/*, extensions); a method without one gets -32601.</summary>
    public Dictionary<string, Func<AcpAgentRequest, CancellationToken, ValueTask<JsonNode?>>> RequestHandlers { get; } = new(StringComparer.Ordinal);

    /// <summary>Agent notifications other than session/update (extensions), by method.</summary>
    public Dictionary<string, Func<JsonObject?, ValueTask>> NotificationHandlers { get; } = new(StringComparer.Ordinal);
}
