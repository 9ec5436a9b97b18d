using System.Buffers;
using System.Net.WebSockets;
using AgentPlatform.Agents;
using AgentPlatform.Client.Sessions;
using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.AgentHost.Endpoint;

/// <summary>
/// One client session at the in-process endpoint. It outlives its WebSocket when reliable: frames sent while the
/// client is away wait in the replay buffer, and a resume attaches a new socket and replays them in order before
/// anything new.
/// </summary>
internal sealed class EndpointSession : IDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ReplayBuffer _outbox;
    private FrameSocket? _socket;
    private CancellationTokenSource? _expiry;

    public EndpointSession(string id, bool reliable, IReadOnlyDictionary<string, IAgent> agents, AgentSocketEndpointOptions options)
    {
        Id = id;
        Reliable = reliable;
        _outbox = new ReplayBuffer(options.ReplayMaxFrames, options.ReplayMaxBytes);
        Dispatcher = new InvocationDispatcher(agents, options.ContextStore, SendAsync, () => Id, () => ConnectionId, options.MaxInFlight);
    }

    public string Id { get; }

    public bool Reliable { get; }

    public string ConnectionId { get; private set; } = "";

    public string ResumeToken { get; private set; } = "";

    public InboundSequence Inbound { get; } = new();

    public InvocationDispatcher Dispatcher { get; }

    public bool Ended { get; private set; }

    /// <summary>Sends (numbered when reliable) or, while detached, only keeps the frame for the replay.</summary>
    public async ValueTask SendAsync(AspFrame frame)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Ended) return;
            byte[] bytes;
            if (Reliable)
            {
                var seq = _outbox.Next();
                bytes = Encode(frame, seq);
                _outbox.Add(seq, bytes);
            }
            else
            {
                bytes = Encode(frame, null);
            }
            var socket = _socket;
            if (socket is null) return;
            try
            {
                await socket.SendAsync(bytes, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The receive loop notices the broken socket and detaches; the frame stays in the replay buffer.
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends an unnumbered control frame (ACK) on the current socket only.</summary>
    public async ValueTask SendControlAsync(AspFrame frame)
    {
        var socket = _socket;
        if (socket is null) return;
        try
        {
            await socket.SendAsync(Encode(frame, null), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Lost connection: the next resume re-acknowledges.
        }
    }

    public void Acknowledge(ulong seq)
    {
        _sendLock.Wait();
        try
        {
            _outbox.Acknowledge(seq);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public bool CanResumeFrom(ulong lastSeq) => Reliable && !Ended && _outbox.CanReplayAfter(lastSeq);

    /// <summary>
    /// Attaches <paramref name="socket"/>: sends the server HELLO, then (on resume) every frame after
    /// <paramref name="clientLastSeq"/>, all before any new frame can go out.
    /// </summary>
    public async Task AttachAsync(FrameSocket socket, string connectionId, string resumeToken, Func<ulong, ServerHelloFrame> hello,
        ulong? clientLastSeq)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _expiry?.Cancel();
            _expiry?.Dispose();
            _expiry = null;
            ConnectionId = connectionId;
            ResumeToken = resumeToken;
            var from = clientLastSeq ?? 0;
            if (clientLastSeq is { } acked) _outbox.Acknowledge(acked);
            await socket.SendAsync(Encode(hello(from + 1), null), CancellationToken.None).ConfigureAwait(false);
            foreach (var frame in _outbox.After(from))
            {
                await socket.SendAsync(frame, CancellationToken.None).ConfigureAwait(false);
            }
            Inbound.ResetAcked();
            _socket = socket;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The socket is gone: keep the session for <paramref name="window"/>, then end it.</summary>
    public void Detach(FrameSocket socket, TimeSpan window, Action<EndpointSession> onExpired)
    {
        _sendLock.Wait();
        try
        {
            if (!ReferenceEquals(_socket, socket)) return;
            _socket = null;
            if (!Reliable)
            {
                EndLocked();
                onExpired(this);
                return;
            }
            _expiry = new CancellationTokenSource();
            var token = _expiry.Token;
            _ = Task.Delay(window, token).ContinueWith(_ =>
            {
                End();
                onExpired(this);
            }, token, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Ends the session: running invocations are cancelled and nothing more is sent.</summary>
    public void End()
    {
        _sendLock.Wait();
        try
        {
            EndLocked();
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private void EndLocked()
    {
        if (Ended) return;
        Ended = true;
        _socket = null;
        Dispatcher.CancelAll();
    }

    private static byte[] Encode(AspFrame frame, ulong? seq)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        AspV1Protocol.Write(frame, seq, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public void Dispose()
    {
        _expiry?.Dispose();
        _sendLock.Dispose();
    }
}
