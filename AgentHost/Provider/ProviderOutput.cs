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
    // A sender whose frame finds more than this many queued waits until the writer has caught up.
    private const int MaxQueued = 256;

    // A sender that became the writer writes at most this many frames before handing the rest to the thread pool:
    // the sender may be the receive loop, which must get back to reading INTERRUPT, REPLY and INVOKE frames.
    private const int InlineFrames = 32;
    private readonly Lock _gate = new();
    private readonly Queue<byte[]> _queue = new();
    private TaskCompletionSource? _room;
    private bool _writing;
    private bool _failed;

    public async ValueTask<bool> SendAsync(AspFrame frame)
    {
        var bytes = AspV1Protocol.ToArray(frame);
        Task wait;
        lock (_gate)
        {
            if (_failed) return false;
            // Queued before any wait, so frames leave in the order they were sent (an invocation's last chunk before
            // its ERROR) even when several senders wait for room at once.
            _queue.Enqueue(bytes);
            if (!_writing)
            {
                _writing = true;
                wait = Task.CompletedTask;
            }
            else if (_queue.Count <= MaxQueued)
            {
                return true;
            }
            else
            {
                wait = (_room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }
        if (!wait.IsCompleted)
        {
            // Backpressure: the link, not memory, sets the pace.
            await wait.ConfigureAwait(false);
            lock (_gate) return !_failed;
        }
        return await WriteQueuedAsync(InlineFrames).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes until the queue is empty, or hands the rest to the thread pool after <paramref name="budget"/> frames
    /// (still the one writer: the flag stays set); false when the link dropped (the serve loop then reconnects).
    /// </summary>
    private async ValueTask<bool> WriteQueuedAsync(int budget)
    {
        try
        {
            for (var written = 0; ; written++)
            {
                byte[] next;
                TaskCompletionSource? room = null;
                lock (_gate)
                {
                    if (_queue.Count == 0)
                    {
                        _writing = false;
                        return true;
                    }
                    if (written == budget)
                    {
                        _ = Task.Run(() => WriteQueuedAsync(int.MaxValue).AsTask());
                        return true;
                    }
                    next = _queue.Dequeue();
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
            Fail();
            return false;
        }
        catch
        {
            // Anything else still ends the link's output, so no sender waits for room that never comes.
            Fail();
            throw;
        }
    }

    private void Fail()
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
    }
}
