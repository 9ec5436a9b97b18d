using System.Collections.Concurrent;

namespace AgentPlatform.Relay.Core.Backplane;

/// <summary>
/// Acknowledged publishes waiting for their acks (SignalR's AckHandler, counted): the number of acks to expect is
/// only known when Redis answers PUBLISH with its receiver count, and acks may arrive before that answer.
/// </summary>
internal sealed class PendingAcks
{
    private readonly ConcurrentDictionary<long, Waiter> _waiting = new();
    private long _nextId;

    public (long Id, Waiter Waiter) Create()
    {
        var id = Interlocked.Increment(ref _nextId);
        var waiter = new Waiter();
        _waiting[id] = waiter;
        return (id, waiter);
    }

    /// <summary>An ack arrived; one for an id that timed out or was never sent is ignored.</summary>
    public void Acknowledge(long id)
    {
        if (_waiting.TryGetValue(id, out var waiter)) waiter.Acknowledged();
    }

    public void Remove(long id) => _waiting.TryRemove(id, out _);

    public sealed class Waiter
    {
        private readonly Lock _gate = new();
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _received;
        private long _expected = -1;

        public Task Done => _done.Task;

        public void Expect(long receivers)
        {
            lock (_gate)
            {
                _expected = receivers;
                if (_received >= _expected) _done.TrySetResult();
            }
        }

        public void Acknowledged()
        {
            lock (_gate)
            {
                _received++;
                if (_expected >= 0 && _received >= _expected) _done.TrySetResult();
            }
        }
    }
}
