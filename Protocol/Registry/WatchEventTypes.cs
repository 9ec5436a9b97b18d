namespace AgentPlatform.Protocol.Registry;

/// <summary>SSE event names of <c>GET /v1/watch</c> (registry.md, "Watch stream").</summary>
public static class WatchEventTypes
{
    public const string Snapshot = "snapshot";
    public const string Added = "added";
    public const string Updated = "updated";
    public const string Stale = "stale";
    public const string Removed = "removed";
}
