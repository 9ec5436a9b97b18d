using System.Collections.Concurrent;
using AgentPlatform.Agents;
using AgentPlatform.Functions.CrossInstance;
using AgentPlatform.Protocol.MessagePack;
using StackExchange.Redis;

namespace AgentPlatform.Functions.Steering;

/// <summary>
/// Running relay-mode invocations that accept steering (INTERRUPT with data), by client connection and invocation id.
/// The invocation's HTTP request is open on exactly one instance; a steering POST that lands on another one is
/// broadcast over Redis channel <c>steering</c> (when Redis is configured) and taken by the instance that runs it.
/// </summary>
public sealed class SteeringTargets : IHostedService
{
    private readonly ConcurrentDictionary<(string Cid, string Id), SteeringInbox> _running = new();
    private readonly InstanceBroadcast _broadcast;

    public SteeringTargets(IServiceProvider services) =>
        _broadcast = new InstanceBroadcast(services.GetService<IConnectionMultiplexer>(), "steering", OnForwarded);

    public int Count => _running.Count;

    public Task StartAsync(CancellationToken cancellationToken) => _broadcast.StartAsync();

    public Task StopAsync(CancellationToken cancellationToken) => _broadcast.StopAsync();

    /// <summary>Makes <paramref name="inbox"/> reachable until the returned handle is disposed (the invocation ended).</summary>
    public IDisposable Register(string cid, string id, SteeringInbox inbox)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        // Only retries a failed subscription; the invocation does not wait for (or fail with) Redis.
        _broadcast.EnsureSubscribed();
        if (!_running.TryAdd((cid, id), inbox)) throw new InvalidOperationException("invocation " + id + " of " + cid + " is running already");
        return new Registration(this, cid, id);
    }

    /// <summary>Hands steering to the invocation here, or broadcasts it to the other instances; false when it went nowhere.</summary>
    public Task<bool> DeliverAsync(string cid, string id, MsgPackValue data)
    {
        if (_running.TryGetValue((cid, id), out var inbox)) return Task.FromResult(inbox.Post(data));
        return _broadcast.PublishAsync(MsgPackValue.Map(("cid", cid), ("id", id), ("data", data)));
    }

    private void OnForwarded(MsgPackValue value)
    {
        if (_running.TryGetValue((value["cid"].AsString(), value["id"].AsString()), out var inbox)) inbox.Post(value["data"]);
    }

    private sealed class Registration(SteeringTargets owner, string cid, string id) : IDisposable
    {
        public void Dispose()
        {
            if (owner._running.TryRemove((cid, id), out var inbox)) inbox.Close();
        }
    }
}
