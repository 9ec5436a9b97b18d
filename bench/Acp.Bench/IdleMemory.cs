namespace AgentPlatform.Acp.Bench;

/// <summary>
/// RSS growth while <see cref="Sessions"/> idle connections (one session each) are open: of the server process alone,
/// and of its whole process tree (the Relay's one shared agent; the AcpServer's agent per connection).
/// </summary>
public sealed record IdleMemory(int Sessions, long ServerDeltaBytes, long TreeDeltaBytes)
{
    public double ServerPerSessionKb => ServerDeltaBytes / 1024.0 / Sessions;

    public double TreePerSessionKb => TreeDeltaBytes / 1024.0 / Sessions;
}
