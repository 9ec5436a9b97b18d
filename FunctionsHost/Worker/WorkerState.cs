using AgentPlatform.FunctionsHost.Routing;

namespace AgentPlatform.FunctionsHost.Worker;

/// <summary>What the host knows about its worker right now; replaced as a whole on every change.</summary>
public sealed record WorkerState(WorkerStatus Status, string Reason, WorkerSession? Session, Uri? HttpUri, HttpFunctionTable Functions, int? ProcessId, int Starts)
{
    public static WorkerState NotStarted { get; } = new(WorkerStatus.Starting, "the worker has not been started yet", null, null, HttpFunctionTable.Empty, null, 0);

    public bool IsReady => Status == WorkerStatus.Ready && Session is not null && HttpUri is not null;
}
