using AgentPlatform.Agents;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.AgentHost.Invocations;

/// <summary>
/// Direct mode: the invocation runs an <see cref="IAgent"/> in this process, the same class Functions runs, through the
/// same <see cref="AgentRunner"/> (context loaded and saved around the call).
/// </summary>
public sealed class AgentTarget(IAgent agent, IContextStore store) : IInvocationTarget
{
    private readonly SteeringInbox _steering = new();
    private InvocationChannel? _channel;

    public string Mode => "in-process";

    public async Task RunAsync(Invocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var channel = _channel = new InvocationChannel(invocation);
        var caller = invocation.Caller;
        var call = new AgentCall(invocation.Agent, invocation.Id, caller.SessionId, caller.ConnectionId, caller.UserId, invocation.Input,
            invocation.Invoke.TimeoutMs);
        var cpuStart = Environment.CpuUsage.TotalTime;
        try
        {
            var run = await AgentRunner.RunAsync(agent, call, channel, store, _steering, invocation.Aborted).ConfigureAwait(false);
            var cpu = Math.Min((Environment.CpuUsage.TotalTime - cpuStart).TotalMilliseconds, invocation.ElapsedMs);
            await invocation.CompleteAsync(run.Result, cpu).ConfigureAwait(false);
        }
        catch (AgentException ex)
        {
            await invocation.FailAsync(ex.Code, ex.Message, ex.Retryable).ConfigureAwait(false);
        }
        finally
        {
            _steering.Close();
            channel.CancelRequests();
        }
    }

    public ValueTask<bool> SteerAsync(Invocation invocation, MsgPackValue data) => ValueTask.FromResult(_steering.Post(data));

    public ValueTask<bool> ReplyAsync(Invocation invocation, string rid, MsgPackValue data) =>
        ValueTask.FromResult(_channel?.TryCompleteRequest(rid, data) ?? false);

    /// <summary>The agent sees <see cref="Invocation.Aborted"/>; its questions stop waiting.</summary>
    public ValueTask StopAsync(Invocation invocation, string reason)
    {
        _channel?.CancelRequests();
        return ValueTask.CompletedTask;
    }
}
