using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Client.AgentSocket;

/// <summary>
/// A client of an asp-v1 endpoint (the Relay, or an agent runtime's in-process endpoint): one WebSocket, many
/// concurrent invocations, interrupt through cancellation, TOOL_DEF and REQUEST callbacks, and — in a reliable
/// session — automatic reconnect with resume, so every frame reaches the application exactly once and in order.
/// </summary>
public sealed partial class AgentSocketClient : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ClientInvocation> _invocations = new(StringComparer.Ordinal);
    private readonly OwnedTasks _background = new();
    private long _nextId;

    /// <summary>Starts an invocation and yields its events; an ERROR is thrown as <see cref="AgentSocketException"/>.</summary>
    /// <param name="agent">The agent name.</param>
    /// <param name="input">The input value, sent byte for byte.</param>
    /// <param name="cancellationToken">Cancelling sends INTERRUPT and ends the enumeration.</param>
    public IAsyncEnumerable<InvocationEvent> InvokeAsync(string agent, MsgPackValue input, CancellationToken cancellationToken = default) =>
        InvokeAsync(agent, input, null, cancellationToken);

    /// <summary>Starts an invocation with a server-side deadline (<paramref name="timeoutMs"/>) and yields its events.</summary>
    public IAsyncEnumerable<InvocationEvent> InvokeAsync(string agent, MsgPackValue input, uint? timeoutMs,
        CancellationToken cancellationToken = default) =>
        InvokeAsync(agent, input, timeoutMs, null, cancellationToken);

    /// <summary>
    /// As above with an id of the caller's choosing (1 to 128 UTF-8 bytes, not in flight on this client), so that the
    /// caller can steer it (<see cref="SteerAsync"/>) before its first event arrives.
    /// </summary>
    public async IAsyncEnumerable<InvocationEvent> InvokeAsync(string agent, MsgPackValue input, uint? timeoutMs, string? invocationId,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        ArgumentNullException.ThrowIfNull(input);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var id = invocationId ?? "c" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var invocation = new ClientInvocation(id);
        if (!_invocations.TryAdd(id, invocation)) throw new ArgumentException("an invocation with id '" + id + "' is in flight", nameof(invocationId));
        var interrupted = false;
        try
        {
            await SendAsync(new InvokeFrame(id, agent, input) { TimeoutMs = timeoutMs }).ConfigureAwait(false);
            using var registration = cancellationToken.Register(() =>
            {
                interrupted = true;
                if (invocation.End(new OperationCanceledException(cancellationToken))) _background.Add(InterruptQuietlyAsync(id));
            });
            await foreach (var evt in invocation.Events.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                yield return evt;
            }
        }
        finally
        {
            _invocations.TryRemove(id, out _);
            // The consumer stopped early: the agent should stop too.
            if (!interrupted && invocation.End()) _background.Add(InterruptQuietlyAsync(id));
        }
    }

    /// <summary>Runs an invocation to its end and returns every event (convenience for request/response use).</summary>
    public async Task<IReadOnlyList<InvocationEvent>> InvokeAllAsync(string agent, MsgPackValue input, CancellationToken cancellationToken = default)
    {
        var events = new List<InvocationEvent>();
        await foreach (var evt in InvokeAsync(agent, input, cancellationToken).ConfigureAwait(false)) events.Add(evt);
        return events;
    }

    /// <summary>Answers a REQUEST (when no <see cref="AgentSocketClientOptions.OnRequest"/> callback does).</summary>
    public ValueTask ReplyAsync(string invocationId, string rid, MsgPackValue data) =>
        SendAsync(new ReplyFrame(invocationId, rid, data ?? MsgPackValue.Nil));

    /// <summary>Interrupts an invocation by id (the same as cancelling its token).</summary>
    public ValueTask InterruptAsync(string invocationId, string? reason = null) =>
        SendAsync(new InterruptFrame(invocationId) { Reason = reason });

    /// <summary>
    /// Steers a running invocation: <paramref name="data"/> reaches the agent as new input (its
    /// <c>AgentInvocation.Steering</c>) and the invocation goes on. An id that is not in flight at the server ends
    /// in ERROR UNKNOWN_INVOCATION on that id.
    /// </summary>
    public ValueTask SteerAsync(string invocationId, MsgPackValue data)
    {
        ArgumentNullException.ThrowIfNull(data);
        // On the wire a nil data is an absent one, which cancels.
        if (data.IsNil) throw new ArgumentException("steering data must not be nil (an INTERRUPT without data cancels)", nameof(data));
        return SendAsync(new InterruptFrame(invocationId) { Data = data });
    }

    /// <summary>Invocations this client is waiting for.</summary>
    public int InFlight => _invocations.Count;

    private async Task InterruptQuietlyAsync(string id)
    {
        try
        {
            await SendAsync(new InterruptFrame(id) { Reason = "cancelled by the client" }).ConfigureAwait(false);
        }
        catch (AgentSocketException)
        {
            // Without a connection there is nothing left to interrupt.
        }
        catch (ObjectDisposedException)
        {
            // Client closed.
        }
    }

    /// <summary>Routes one server frame to its invocation.</summary>
    private async ValueTask DispatchAsync(AspFrame frame)
    {
        switch (frame)
        {
            case StreamFrame stream:
                Find(stream.Id)?.Post(new ChunkEvent(stream.Id, stream.Seq, stream.Data));
                break;
            case ToolDefFrame toolDef:
                var tools = toolDef.Tools.ToList();
                if (toolDef.Id is not null) Find(toolDef.Id)?.Post(new ToolsEvent(toolDef.Id, tools));
                if (_options.OnToolDefs is { } onTools) await onTools(toolDef.Id, tools).ConfigureAwait(false);
                break;
            case RequestFrame request:
                Find(request.Id)?.Post(new RequestEvent(request.Id, request.Rid, request.Kind, request.Data));
                if (_options.OnRequest is { } onRequest) _background.Add(AnswerAsync(onRequest, request));
                break;
            case CompleteFrame complete:
                if (Find(complete.Id) is { } done)
                {
                    done.Post(new CompleteEvent(complete.Id, complete.Result, complete.Metrics));
                    done.End();
                }
                break;
            case ErrorFrame error when error.Id is not null:
                Find(error.Id)?.End(new AgentSocketException(error.Code, error.Message, error.Retryable) { InvocationId = error.Id });
                break;
            case ErrorFrame error:
                _lastConnectionError = new AgentSocketException(error.Code, error.Message, error.Retryable);
                break;
        }
    }

    private ClientInvocation? Find(string id) => _invocations.TryGetValue(id, out var invocation) && !invocation.Ended ? invocation : null;

    private async Task AnswerAsync(Func<AgentRequest, CancellationToken, ValueTask<MsgPackValue>> handler, RequestFrame request)
    {
        MsgPackValue answer;
        try
        {
            answer = await handler(new AgentRequest(request.Id, request.Rid, request.Kind, request.Data), _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The application could not answer: end the invocation rather than leave the agent waiting forever.
            await InterruptQuietlyAsync(request.Id).ConfigureAwait(false);
            Find(request.Id)?.End(new AgentSocketException(AspErrorCodes.Internal, "the REQUEST handler failed: " + ex.Message, false, ex));
            return;
        }
        try
        {
            await SendAsync(new ReplyFrame(request.Id, request.Rid, answer ?? MsgPackValue.Nil)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AgentSocketException or ObjectDisposedException)
        {
            // Connection gone for good (or the client closed): the invocation fails through the receive loop.
        }
    }

    private void FailAll(AgentSocketException error)
    {
        foreach (var invocation in _invocations.Values) invocation.End(error);
    }
}
