using System.Net.WebSockets;
using AgentPlatform.Client.Sessions;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.AgentHost.Provider;

/// <summary>
/// A provider's frames onto its link to the Relay (not numbered: provider links are not reliable sessions). Many
/// invocations share the link: a sender that finds nobody writing writes, itself, every frame queued meanwhile, and the
/// others only queue theirs. Before, each sender waited its turn on the socket's lock, and each turn handed over to
/// the thread pool: with dozens of invocations streaming, that hand-off, not the socket, bounded the frames per second.
/// </summary>
internal sealed class ProviderOutput(FrameSocket socket) : IFrameOutput
{
    // Backpressure: a sender waits while this many frames are queued (the link, not memory, sets the pace).
    private const int MaxQueued = 256;
    private readonly Lock _gate = new();
    private readonly Queue<byte[]> _queue = new();
    private TaskCompletionSource? _room;
    private bool _writing;
    private bool _failed;

    public async ValueTask<bool> SendAsync(AspFrame frame)
    {
        var bytes = AspV1Protocol.ToArray(frame);
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_failed) return false;
                if (_queue.Count < MaxQueued)
                {
                    _queue.Enqueue(bytes);
                    if (_writing) return true;
                    _writing = true;
                    break;
                }
                wait = (_room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
            await wait.ConfigureAwait(false);
        }
        return await WriteQueuedAsync().ConfigureAwait(false);
    }

    /// <summary>Writes until the queue is empty; false when the link dropped (the serve loop then reconnects).</summary>
    private async ValueTask<bool> WriteQueuedAsync()
    {
        try
        {
            while (true)
            {
                byte[] next;
                TaskCompletionSource? room = null;
                lock (_gate)
                {
                    if (!_queue.TryDequeue(out next!))
                    {
                        _writing = false;
                        return true;
                    }
                    if (_queue.Count < MaxQueued / 2)
                    {
                        room = _room;
                        _room = null;
                    }
                }
                room?.TrySetResult();
                await socket.SendAsync(next, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            TaskCompletionSource? room;
            lock (_gate)
            {
                _failed = true;
                _writing = false;
                _queue.Clear();
                room = _room;
                _room = null;
            }
            room?.TrySetResult();
            return false;
        }
    }
}
