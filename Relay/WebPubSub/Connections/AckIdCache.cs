namespace AgentPlatform.Relay.WebPubSub.Connections;

/// <summary>
/// The ackIds a connection already used, so that a publisher's retry after a reconnect is answered with
/// <c>Duplicate</c> instead of being processed twice. Bounded to the most recent ids, as the official emulator keeps 1,000.
/// </summary>
public sealed class AckIdCache(int capacity = 1000)
{
    private readonly Lock _gate = new();
    private readonly HashSet<ulong> _seen = [];
    private readonly Queue<ulong> _order = new();

    /// <summary>Records <paramref name="ackId"/>; false when it was already recorded (a duplicate).</summary>
    public bool TryAdd(ulong ackId)
    {
        lock (_gate)
        {
            if (!_seen.Add(ackId)) return false;
            _order.Enqueue(ackId);
            if (_order.Count > capacity) _seen.Remove(_order.Dequeue());
            return true;
        }
    }

    /// <summary>
    /// Frees <paramref name="ackId"/> after its operation failed, so the client's retry is carried out instead of being
    /// answered <c>Duplicate</c> for a message that never went out.
    /// </summary>
    public void Forget(ulong ackId)
    {
        lock (_gate) _seen.Remove(ackId);
    }
}
