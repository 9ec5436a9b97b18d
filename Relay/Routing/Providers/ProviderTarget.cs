using System.Threading.Channels;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Relay.AspV1;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Core.Backplane;
using AgentPlatform.Server.AspV1.Connections;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.Relay.Routing.Providers;

/// <summary>
/// Direct mode through the Relay: the invocation runs at a provider connection, on this replica or another. Frames go
/// to the provider through the core by its connection id; the provider's answers come back through the core to the
/// client's connection and are posted here (<see cref="Post"/>), in order, for <see cref="RunAsync"/> to turn into
/// the invocation's output.
/// </summary>
public sealed class ProviderTarget(ProviderPresence provider, RelayCore core, ForwardedInvocations forwarded) : IInvocationTarget
{
    // Null marks "the provider is gone". Synchronous continuations: a provider's frame is turned into the client's
    // frame on the thread that read it, as a direct hand-off would, instead of hopping to the thread pool.
    private readonly Channel<AspFrame?> _inbox = Channel.CreateUnbounded<AspFrame?>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private string _providerId = "";
    private int _finished;

    public ProviderPresence Provider { get; } = provider;

    public string Mode => Protocol.Registry.AgentModes.Direct;

    /// <summary>For a provider of another replica: notices a lost route (null for a local provider).</summary>
    public ProviderRouteCheck? RouteCheck { get; init; }

    public async Task RunAsync(Invocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        _providerId = forwarded.Add(invocation.Caller.ConnectionId, this);
        try
        {
            if (Provider.IsLocal && !core.Hub(AspV1Dialect.HubName).TryGet(Provider.ConnectionId, out _))
            {
                // It left between being picked and now: say so at once instead of waiting out the deadline.
                await invocation.FailAsync(AspErrorCodes.FunctionUnavailable, "the agent's runtime disconnected", true).ConfigureAwait(false);
                return;
            }
            try
            {
                // Always streamed from the provider: the engine here numbers, counts and (for stream: false) collects the
                // output, the same for every target.
                await SendAsync(new InvokeFrame(_providerId, invocation.Agent, invocation.Input) { TimeoutMs = invocation.Invoke.TimeoutMs })
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // The backplane refused the frame (Redis down or reconnecting): nothing reached the provider, a retry may.
                await invocation.FailAsync(AspErrorCodes.FunctionUnavailable, "the agent's runtime could not be reached; retry", true).ConfigureAwait(false);
                return;
            }
            using var watch = CancellationTokenSource.CreateLinkedTokenSource(invocation.Aborted);
            var watching = RouteCheck?.WatchAsync(BackplaneTopic.Connection(AspV1Dialect.HubName, Provider.ConnectionId), ProviderGone, watch.Token);
            try
            {
                await ReadAnswersAsync(invocation).ConfigureAwait(false);
            }
            finally
            {
                await watch.CancelAsync().ConfigureAwait(false);
                if (watching is not null) await watching.ConfigureAwait(false);
            }
        }
        finally
        {
            forwarded.Remove(_providerId);
        }
    }

    private async Task ReadAnswersAsync(Invocation invocation)
    {
        await foreach (var frame in _inbox.Reader.ReadAllAsync(invocation.Aborted).ConfigureAwait(false))
        {
            switch (frame)
            {
                case null:
                    await invocation.FailAsync(AspErrorCodes.FunctionUnavailable, "the agent's runtime disconnected", true).ConfigureAwait(false);
                    return;
                case StreamFrame s:
                    await invocation.ChunkAsync(s.Data).ConfigureAwait(false);
                    break;
                case ToolDefFrame t:
                    await invocation.ToolsAsync(t.Tools).ConfigureAwait(false);
                    break;
                case RequestFrame r:
                    await invocation.RequestAsync(r.Rid, r.Kind, r.Data).ConfigureAwait(false);
                    break;
                case CompleteFrame c:
                    Volatile.Write(ref _finished, 1);
                    await invocation.CompleteAsync(c.Result, c.Metrics?.CpuMs).ConfigureAwait(false);
                    return;
                case ErrorFrame e:
                    Volatile.Write(ref _finished, 1);
                    await invocation.FailAsync(e.Code, e.Message, e.Retryable, e.RetryAfterMs).ConfigureAwait(false);
                    return;
            }
        }
    }

    /// <summary>A frame the provider sent about this invocation (its id already mapped back).</summary>
    public void Post(AspFrame frame) => _inbox.Writer.TryWrite(frame);

    /// <summary>The provider disconnected: the invocation fails, retryable.</summary>
    public void ProviderGone() => _inbox.Writer.TryWrite(null);

    public async ValueTask<bool> SteerAsync(Invocation invocation, MsgPackValue data)
    {
        await SendAsync(new InterruptFrame(_providerId) { Data = data }).ConfigureAwait(false);
        return true;
    }

    public async ValueTask<bool> ReplyAsync(Invocation invocation, string rid, MsgPackValue data)
    {
        await SendAsync(new ReplyFrame(_providerId, rid, data)).ConfigureAwait(false);
        return true;
    }

    public async ValueTask StopAsync(Invocation invocation, string reason)
    {
        if (_providerId.Length == 0) return;
        forwarded.Remove(_providerId);
        if (Volatile.Read(ref _finished) == 0) await SendAsync(new InterruptFrame(_providerId) { Reason = reason }).ConfigureAwait(false);
    }

    private ValueTask SendAsync(AspFrame frame)
    {
        return core.SendToConnectionAsync(AspV1Dialect.HubName, Provider.ConnectionId,
            new RelayMessage(AspFrameSender.Encode(frame).Payload, AspV1Dialect.FrameDataType));
    }
}
