namespace AgentPlatform.FunctionsHost.Worker;

/// <summary>A worker that connected but could not be initialised or could not load its functions.</summary>
public sealed class WorkerStartException : Exception
{
    public WorkerStartException()
    {
    }

    public WorkerStartException(string message) : base(message)
    {
    }

    public WorkerStartException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
