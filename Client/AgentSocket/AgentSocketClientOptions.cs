using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Client.AgentSocket;

/// <summary>How an <see cref="AgentSocketClient"/> connects and behaves.</summary>
public sealed class AgentSocketClientOptions
{
    /// <summary>Bearer token, sent as <c>Authorization: Bearer</c> on the upgrade.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Asked for the bearer token before every connect and reconnect, in place of <see cref="Token"/>: platform access
    /// tokens are short-lived, and a client that reconnects hours later needs a fresh one (SignalR's
    /// <c>AccessTokenProvider</c>). Null from it means no token.
    /// </summary>
    public Func<CancellationToken, ValueTask<string?>>? AccessTokenProvider { get; set; }

    /// <summary>Ask for a reliable session (numbered frames, ACK, resume after a dropped connection).</summary>
    public bool Reliable { get; set; } = true;

    /// <summary>Reconnect and resume automatically when the connection drops (reliable sessions).</summary>
    public bool AutoReconnect { get; set; } = true;

    /// <summary>Waits between reconnect attempts; the last one repeats until <see cref="MaxReconnectAttempts"/>.</summary>
    public IReadOnlyList<TimeSpan> ReconnectDelays { get; set; } =
        [TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    public int MaxReconnectAttempts { get; set; } = 15;

    /// <summary>Cumulative ACKs are sent at most this often (and only when something new arrived).</summary>
    public TimeSpan AckInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxFrameSize { get; set; } = 1 << 20;

    /// <summary>Called for every TOOL_DEF (the tools are also yielded as <see cref="ToolsEvent"/>).</summary>
    public Func<string?, IReadOnlyList<ToolDefinition>, ValueTask>? OnToolDefs { get; set; }

    /// <summary>Answers REQUESTs: the returned value is sent as REPLY.</summary>
    public Func<AgentRequest, CancellationToken, ValueTask<MsgPackValue>>? OnRequest { get; set; }
}
