using System.Collections.Concurrent;
using AgentPlatform.Functions.CrossInstance;
using AgentPlatform.Protocol.MessagePack;
using StackExchange.Redis;

namespace AgentPlatform.Functions.Replies;

/// <summary>
/// REQUESTs waiting for their REPLY. The waiting invocation's HTTP request is open on exactly one instance; when
/// the reply POST lands on another one, it is broadcast over Redis channel <c>replies</c> (when Redis is configured)
/// and the instance that waits takes it.
/// </summary>
public sealed class PendingReplies : IHostedService
{
    private readonly ConcurrentDictionary<ReplyKey, TaskCompletionSource<MsgPackValue>> _pending = new();
    private readonly InstanceBroadcast _broadcast;

    public PendingReplies(IServiceProvider services) =>
        _broadcast = new InstanceBroadcast(services.GetService<IConnectionMultiplexer>(), "replies", OnForwarded);

    public int Count => _pending.Count;

    public Task StartAsync(CancellationToken cancellationToken) => _broadcast.StartAsync();

    public Task StopAsync(CancellationToken cancellationToken) => _broadcast.StopAsync();

    /// <summary>Waits for the reply to <paramref name="key"/>; cancelled with the invocation.</summary>
    public async Task<MsgPackValue> WaitAsync(ReplyKey key, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<MsgPackValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(key, waiter)) throw new InvalidOperationException("duplicate request id " + key.Rid);
        _broadcast.EnsureSubscribed();
        try
        {
            using var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
            return await waiter.Task.ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    /// <summary>Completes a pending request here, or forwards it to the instance that holds it; false when nobody waits.</summary>
    public Task<bool> DeliverAsync(ReplyKey key, MsgPackValue data)
    {
        if (_pending.TryGetValue(key, out var waiter)) return Task.FromResult(waiter.TrySetResult(data));
        return _broadcast.PublishAsync(MsgPackValue.Map(("cid", key.Cid), ("id", key.Id), ("rid", key.Rid), ("data", data)));
    }

    private void OnForwarded(MsgPackValue value)
    {
        var key = new ReplyKey(value["cid"].AsString(), value["id"].AsString(), value["rid"].AsString());
        if (_pending.TryGetValue(key, out var waiter)) waiter.TrySetResult(value["data"]);
    }
}
