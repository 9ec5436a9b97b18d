namespace AgentPlatform.Protocol.Registry;

/// <summary>Values of <see cref="AgentInstance.Status"/> and of the <c>removed</c> event's reason.</summary>
public static class InstanceStatus
{
    public const string Healthy = "healthy";
    public const string Stale = "stale";
    public const string ReasonDeregistered = "deregistered";
    public const string ReasonExpired = "expired";
}
