namespace AgentPlatform.Acp.Bench.Targets;

/// <summary>An ACP server of the run, as its own process: the Relay, or the SDK's AcpServer.</summary>
public interface IAcpTarget : IAsyncDisposable
{
    string Label { get; }

    /// <summary>The WebSocket URL (<c>ws://127.0.0.1:port/acp</c>); the HTTP URL is the same with http.</summary>
    string Url { get; }

    string Token { get; }

    /// <summary>The server process's own id.</summary>
    int ProcessId { get; }
}
