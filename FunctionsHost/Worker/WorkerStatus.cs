namespace AgentPlatform.FunctionsHost.Worker;

public enum WorkerStatus
{
    /// <summary>Started, not yet connected, initialised and loaded.</summary>
    Starting,

    /// <summary>Connected, functions loaded: requests are forwarded.</summary>
    Ready,

    /// <summary>Gone or failed to start; a restart is scheduled (<see cref="WorkerState.Reason"/> says why).</summary>
    Down,
}
