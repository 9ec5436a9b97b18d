using System.Collections.Concurrent;
using System.Diagnostics;
using AgentPlatform.Agents;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.AgentHost.Endpoint;

/// <summary>
/// Serves INVOKE, INTERRUPT and REPLY frames with <see cref="IAgent"/>s: the agent-running half of an asp-v1
/// server, shared by the in-process endpoint and the direct-mode provider. Frames go out through
/// <paramref name="send"/>, which numbers and delivers them (or buffers them while the client reconnects).
/// </summary>
public sealed class InvocationDispatcher(
    IReadOnlyDictionary<string, IAgent> agents,
    IContextStore store,
    Func<AspFrame, ValueTask> send,
    Func<string> sessionOf,
    Func<string> connectionOf,
    int maxInFlight = 64)
{
    private readonly ConcurrentDictionary<string, RunningInvocation> _running = new(StringComparer.Ordinal);

    public int InFlight => _running.Count;

    /// <summary>Handles a client frame; returns false when the frame is not one this dispatcher serves.</summary>
    public async ValueTask<bool> HandleAsync(AspFrame frame)
    {
        switch (frame)
        {
            case InvokeFrame invoke:
                await StartAsync(invoke).ConfigureAwait(false);
                return true;
            case InterruptFrame { Data: { } steering } steer:
                // Steering: new input for the running agent; the invocation goes on and nothing is answered.
                if (!(_running.TryGetValue(steer.Id, out var steered) && steered.MaySend && steered.Steering.Post(steering)))
                {
                    await send(ErrorFrame.For(AspErrorCodes.UnknownInvocation, "no invocation in flight with that id", steer.Id)).ConfigureAwait(false);
                }
                return true;
            case InterruptFrame interrupt:
                if (_running.TryGetValue(interrupt.Id, out var target) && target.TryInterrupt())
                {
                    await send(new ErrorFrame(AspErrorCodes.Interrupted, "interrupted by the client", false) { Id = interrupt.Id }).ConfigureAwait(false);
                }
                else
                {
                    await send(ErrorFrame.For(AspErrorCodes.UnknownInvocation, "no invocation in flight with that id", interrupt.Id)).ConfigureAwait(false);
                }
                return true;
            case ReplyFrame reply:
                if (!(_running.TryGetValue(reply.Id, out var waiting) && waiting.Channel.TryCompleteRequest(reply.Rid, reply.Data)))
                {
                    await send(ErrorFrame.For(AspErrorCodes.UnknownInvocation, "no request waits for that id and rid", reply.Id)).ConfigureAwait(false);
                }
                return true;
            default:
                return false;
        }
    }

    /// <summary>Cancels every running invocation (the session ended); nothing more is sent for them.</summary>
    public void CancelAll()
    {
        foreach (var running in _running.Values) running.Abandon();
    }

    private async ValueTask StartAsync(InvokeFrame invoke)
    {
        if (!agents.TryGetValue(invoke.Agent, out var agent))
        {
            await send(new ErrorFrame(AspErrorCodes.UnknownAgent, "no agent named " + invoke.Agent, false) { Id = invoke.Id }).ConfigureAwait(false);
            return;
        }
        if (_running.Count >= maxInFlight)
        {
            await send(new ErrorFrame(AspErrorCodes.TooManyInvocations, "too many invocations in flight", true) { Id = invoke.Id }).ConfigureAwait(false);
            return;
        }
        var running = new RunningInvocation(invoke, send);
        if (!_running.TryAdd(invoke.Id, running))
        {
            running.Dispose();
            await send(ErrorFrame.For(AspErrorCodes.DuplicateId, "an invocation with this id is in flight", invoke.Id)).ConfigureAwait(false);
            return;
        }
        // Inline, not Task.Run: the agent runs on the receive loop up to its first pending await, which saves a
        // thread hop per call. Agents must not block synchronously (docs/agents.md, "Where an agent runs").
        _ = RunAsync(agent, running);
    }

    private async Task RunAsync(IAgent agent, RunningInvocation running)
    {
        var invoke = running.Invoke;
        var started = Stopwatch.GetTimestamp();
        var cpuStart = Environment.CpuUsage.TotalTime;
        AspFrame? final;
        try
        {
            var call = new AgentCall(invoke.Agent, invoke.Id, sessionOf(), connectionOf(), null, invoke.Input, invoke.TimeoutMs);
            var run = await AgentRunner.RunAsync(agent, call, running.Channel, store, running.Steering, running.Token).ConfigureAwait(false);
            var duration = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var cpu = Math.Min((Environment.CpuUsage.TotalTime - cpuStart).TotalMilliseconds, duration);
            final = new CompleteFrame(invoke.Id)
            {
                Result = running.Channel.FinalResult(run.Result),
                Metrics = new CompleteMetrics(Math.Round(duration, 3))
                {
                    CpuMs = Math.Round(cpu, 3),
                    Chunks = running.Channel.Chunks,
                    Bytes = running.Channel.Bytes,
                },
            };
        }
        catch (OperationCanceledException) when (running.Token.IsCancellationRequested)
        {
            final = running.TimedOut ? ErrorFrame.For(AspErrorCodes.Timeout, "the invocation passed its timeoutMs", invoke.Id) : null;
        }
        catch (AgentException ex)
        {
            final = new ErrorFrame(ex.Code, ex.Message, ex.Retryable) { Id = invoke.Id };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            final = new ErrorFrame(AspErrorCodes.Internal, "the agent failed: " + ex.GetType().Name, false) { Id = invoke.Id };
        }
        // Remove first: once the final frame is out, the client may reuse the id.
        _running.TryRemove(invoke.Id, out _);
        running.Steering.Close();
        try
        {
            if (final is not null && running.MaySend) await send(final).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            // The session is gone: nobody to tell.
        }
        finally
        {
            running.Dispose();
        }
    }
}
