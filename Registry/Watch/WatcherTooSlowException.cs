namespace AgentPlatform.Registry.Watch;

/// <summary>A watcher fell too far behind and was disconnected; it resumes from its cursor.</summary>
public sealed class WatcherTooSlowException : Exception
{
    public WatcherTooSlowException()
        : base("watcher queue full")
    {
    }

    public WatcherTooSlowException(string message)
        : base(message)
    {
    }

    public WatcherTooSlowException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
