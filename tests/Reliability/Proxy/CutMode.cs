namespace AgentPlatform.Reliability.Proxy;

/// <summary>How <see cref="CuttingProxy"/> ends the connections it cuts.</summary>
public enum CutMode
{
    /// <summary>An abortive close (linger 0): both peers get a reset, as when a NAT or a middlebox drops the flow.</summary>
    Reset,

    /// <summary>An orderly TCP close without a WebSocket close frame: both peers read end-of-stream mid-conversation.</summary>
    Fin,
}
