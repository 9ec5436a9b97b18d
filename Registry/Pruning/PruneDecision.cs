using AgentPlatform.Protocol.Registry;

namespace AgentPlatform.Registry.Pruning;

/// <summary>The one pruning rule both stores apply, decided from the last heartbeat and the clock only.</summary>
public static class PruneDecision
{
    public enum Action
    {
        None,
        MarkStale,
        Remove,
    }

    public static Action Decide(DateTimeOffset lastHeartbeat, string status, DateTimeOffset now, TimeSpan timeout, TimeSpan removalDelay)
    {
        var silence = now - lastHeartbeat;
        if (silence > timeout + removalDelay) return Action.Remove;
        if (silence > timeout && status == InstanceStatus.Healthy) return Action.MarkStale;
        return Action.None;
    }
}
