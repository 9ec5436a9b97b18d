namespace AgentPlatform.Server.AspV1.Invocations;

/// <summary>What a host learns of invocations (its metrics, trace spans and admin records); the engine stays silent.</summary>
public interface IInvocationObserver
{
    /// <summary>An INVOKE named an agent nobody serves.</summary>
    void UnknownAgent(string agent);

    /// <summary>An invocation started; the host may keep state in <see cref="Invocation.HostState"/>.</summary>
    void InvocationStarted(Invocation invocation);

    /// <summary>An invocation ended with <paramref name="status"/> (<see cref="InvocationStatus"/>).</summary>
    void InvocationEnded(Invocation invocation, string status, string? errorCode);
}
