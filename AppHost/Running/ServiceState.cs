namespace AgentPlatform.AppHost.Running;

/// <summary>Where a service is in its life under AppHost.</summary>
public enum ServiceState
{
    Waiting,
    Starting,
    Healthy,
    Restarting,
    Failed,
    Stopping,
    Stopped,
}
