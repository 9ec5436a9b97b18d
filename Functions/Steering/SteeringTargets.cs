using System.Buffers;
using System.Collections.Concurrent;
using AgentPlatform.Client.Agents;
using AgentPlatform.Protocol.MessagePack;
using StackExchange.Redis;

namespace AgentPlatform.Functions.Steering;

/// <summary>
/// Running relay-mode invocations that accept steering (INTERRUPT with data), by client connection and invocation id.
/// The invocation's HTTP request is open on exactly one instance; a steering POST that lands on another one is
/// broadcast over Redis channel <c>steering</c> (when Redis is configured) and taken by the instance that runs it.
/// Every instance subscribes once, at start (and again at an invocation if that failed), so that an invocation costs
/// no extra Redis round trip.
/// </summary>
public sealed class SteeringTargets(IServiceProvider services) : IHostedService
{
    private static readonly RedisChannel Channel = new("steering", RedisChannel.PatternMode.Literal);
    private readonly ConcurrentDictionary<(string Cid, string Id), SteeringInbox> _running = new();
    private readonly IConnectionMultiplexer? _redis = services.GetService<IConnectionMultiplexer>();
    private readonly Lock _gate = new();
    private Task? _subscription;

    public int Count => _running.Count;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_redis is null) return;
        try
        {
            await EnsureSubscribed(_redis).ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // Redis is not reachable yet: the next invocation subscribes again.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Makes <paramref name="inbox"/> reachable until the returned handle is disposed (the invocation ended).</summary>
    public IDisposable Register(string cid, string id, SteeringInbox inbox)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        if (_redis is not null) _ = EnsureSubscribed(_redis);
        if (!_running.TryAdd((cid, id), inbox)) throw new InvalidOperationException("invocation " + id + " of " + cid + " is running already");
        return new Registration(this, cid, id);
    }

    // Not awaited by invocations: cross-instance steering is best effort, an invocation must not wait for (or fail
    // with) Redis. A failed subscription is tried again at the next invocation.
    private Task EnsureSubscribed(IConnectionMultiplexer redis)
    {
        lock (_gate)
        {
            if (_subscription is { IsFaulted: false, IsCanceled: false } live) return live;
            return _subscription = redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => OnForwarded(message));
        }
    }

    /// <summary>Hands steering to the invocation here, or broadcasts it to the other instances; false when it went nowhere.</summary>
    public async Task<bool> DeliverAsync(string cid, string id, MsgPackValue data)
    {
        if (_running.TryGetValue((cid, id), out var inbox)) return inbox.Post(data);
        if (_redis is null) return false;
        var receivers = await _redis.GetSubscriber().PublishAsync(Channel, Encode(cid, id, data)).ConfigureAwait(false);
        return receivers > 0;
    }

    private void OnForwarded(RedisValue message)
    {
        try
        {
            var value = MsgPackValue.FromRaw((byte[])message!);
            if (_running.TryGetValue((value["cid"].AsString(), value["id"].AsString()), out var inbox)) inbox.Post(value["data"]);
        }
        catch (Exception ex) when (ex is MessagePackException or KeyNotFoundException or InvalidOperationException)
        {
            // A foreign or corrupt message on the channel is not ours to act on.
        }
    }

    private static byte[] Encode(string cid, string id, MsgPackValue data)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MsgPackValue.Map(("cid", cid), ("id", id), ("data", data)).WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private sealed class Registration(SteeringTargets owner, string cid, string id) : IDisposable
    {
        public void Dispose()
        {
            if (owner._running.TryRemove((cid, id), out var inbox)) inbox.Close();
        }
    }
}
