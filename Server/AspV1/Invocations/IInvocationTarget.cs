using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Server.AspV1.Invocations;

/// <summary>
/// Where one invocation runs: a function over HTTP (relay mode), a provider connection (direct mode through a Relay)
/// or an agent in this process. The engine owns the invocation's lifecycle (ids, limits, timeout, interrupts, exactly
/// one COMPLETE or ERROR, <c>stream: false</c>); a target only produces output through the <see cref="Invocation"/>
/// and takes what the client sends while it runs.
/// </summary>
public interface IInvocationTarget
{
    /// <summary>How the invocation runs, for metrics and logs: relay, direct or in-process.</summary>
    string Mode { get; }

    /// <summary>
    /// Runs the invocation to its end: output through <see cref="Invocation.ChunkAsync"/> and friends, then
    /// <see cref="Invocation.CompleteAsync"/> or <see cref="Invocation.FailAsync"/>. <see cref="Invocation.Aborted"/>
    /// fires when the engine ended it first (interrupt, timeout, the client left); whatever is produced after that is dropped.
    /// </summary>
    Task RunAsync(Invocation invocation);

    /// <summary>INTERRUPT with data: new input for the running agent. False when nobody is there to take it.</summary>
    ValueTask<bool> SteerAsync(Invocation invocation, MsgPackValue data);

    /// <summary>REPLY to a REQUEST the target made. False when nobody waits for it any more.</summary>
    ValueTask<bool> ReplyAsync(Invocation invocation, string rid, MsgPackValue data);

    /// <summary>The engine ended the invocation (the client was told already): stop the work behind it.</summary>
    ValueTask StopAsync(Invocation invocation, string reason);
}
