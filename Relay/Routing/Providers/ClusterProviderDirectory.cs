using System.Collections.Concurrent;
using AgentPlatform.Relay.Core.Backplane;

namespace AgentPlatform.Relay.Routing.Providers;

/// <summary>
/// The providers of every replica, kept by announcements on the backplane's providers topic
/// (docs/protocol/relay-backplane.md, "Provider presence"): a replica announces each local provider when it connects
/// and again every <see cref="ProviderDirectoryOptions.AnnounceInterval"/>, withdraws it when it disconnects, and
/// answers a starting replica's snapshot request. A remote provider not announced within
/// <see cref="ProviderDirectoryOptions.Expiry"/> is forgotten. On the in-process backplane it is the local table.
/// Periodic work is driven by <see cref="ProviderDirectoryHeartbeat"/>.
/// </summary>
public sealed partial class ClusterProviderDirectory(
    IRelayBackplane backplane, ProviderDirectoryOptions options, TimeProvider time, ILogger<ClusterProviderDirectory> logger)
    : IProviderDirectory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ProviderPresence> _local = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RemoteProvider> _remote = new(StringComparer.Ordinal);
    // One presence publish at a time, each checked against the local table under it: a periodic announcement can never
    // overtake the withdrawal of the provider it names (Redis keeps the order of one client's publishes).
    private readonly SemaphoreSlim _publishing = new(1, 1);
    private IAsyncDisposable? _subscription;
    private long _nextLocal;
    private long _nextRemote;

    public string ReplicaId => backplane.ReplicaId;

    public IEnumerable<string> Agents =>
        _local.Values.Concat(_remote.Values.Select(r => r.Presence)).SelectMany(p => p.Agents).Distinct(StringComparer.Ordinal);

    /// <summary>Every provider known, local and remote.</summary>
    public IReadOnlyList<ProviderPresence> Providers => [.. _local.Values, .. _remote.Values.Select(r => r.Presence)];

    public event Action<ProviderPresence>? Removed;

    /// <summary>When a remote provider was last announced (this replica's clock), null when unknown or local.</summary>
    public DateTimeOffset? LastAnnounced(string connectionId) =>
        _remote.TryGetValue(connectionId, out var entry) ? entry.LastSeen : null;

    /// <summary>Subscribes to presence and asks the other replicas for theirs.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription ??= await backplane.SubscribeAsync(BackplaneTopic.Providers, OnMessageAsync, cancellationToken).ConfigureAwait(false);
        await PublishAsync(new BackplaneMessage(BackplaneOperation.ProviderSnapshotRequest, "") { Replica = ReplicaId }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask AddAsync(ProviderPresence provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var local = provider with { ReplicaId = ReplicaId, IsLocal = true };
        _local[local.ConnectionId] = local;
        await AnnounceAsync([local.ConnectionId], cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask RemoveAsync(string connectionId, CancellationToken cancellationToken)
    {
        if (!_local.TryRemove(connectionId, out var gone)) return;
        Removed?.Invoke(gone);
        await _publishing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await PublishAsync(Withdrawal(connectionId), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _publishing.Release();
        }
    }

    public ProviderPresence? Pick(string agent)
    {
        var local = _local.Values.Where(p => p.Agents.Contains(agent, StringComparer.Ordinal)).ToArray();
        if (local.Length > 0) return local[(int)((ulong)Interlocked.Increment(ref _nextLocal) % (ulong)local.Length)];
        var remote = _remote.Values.Select(r => r.Presence).Where(p => p.Agents.Contains(agent, StringComparer.Ordinal)).ToArray();
        return remote.Length > 0 ? remote[(int)((ulong)Interlocked.Increment(ref _nextRemote) % (ulong)remote.Length)] : null;
    }

    /// <summary>Announces every local provider again (the heartbeat, and the answer to a snapshot request).</summary>
    public Task AnnounceAllAsync(CancellationToken cancellationToken) => AnnounceAsync([.. _local.Keys], cancellationToken);

    private async Task AnnounceAsync(IReadOnlyList<string> connectionIds, CancellationToken cancellationToken)
    {
        await _publishing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var id in connectionIds)
            {
                if (_local.TryGetValue(id, out var p)) await PublishAsync(Announcement(p), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _publishing.Release();
        }
    }

    /// <summary>Withdraws every local provider (a graceful stop), so other replicas need not wait for expiry.</summary>
    public async Task WithdrawAllAsync(CancellationToken cancellationToken)
    {
        await _publishing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var id in _local.Keys) await PublishAsync(Withdrawal(id), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _publishing.Release();
        }
    }

    /// <summary>Forgets remote providers not announced within the expiry; returns how many.</summary>
    public int Expire()
    {
        var limit = time.GetUtcNow() - options.Expiry;
        var expired = 0;
        foreach (var (id, entry) in _remote)
        {
            if (entry.LastSeen >= limit || !_remote.TryRemove(new KeyValuePair<string, RemoteProvider>(id, entry))) continue;
            expired++;
            LogExpired(logger, entry.Presence.ReplicaId);
            Removed?.Invoke(entry.Presence);
        }
        return expired;
    }

    private async ValueTask OnMessageAsync(BackplaneMessage message)
    {
        // A replica hears its own announcements too; its local table is the truth for its own providers.
        if (message.Replica is not { } replica || replica == ReplicaId) return;
        switch (message.Operation)
        {
            case BackplaneOperation.ProviderAnnounce when message.Target is { } id && message.Agents is { } agents:
                _remote[id] = new RemoteProvider(new ProviderPresence(id, agents, replica), time.GetUtcNow());
                break;
            case BackplaneOperation.ProviderWithdraw when message.Target is { } id:
                if (_remote.TryRemove(id, out var gone)) Removed?.Invoke(gone.Presence);
                break;
            case BackplaneOperation.ProviderSnapshotRequest:
                await AnnounceAllAsync(CancellationToken.None).ConfigureAwait(false);
                break;
        }
    }

    private BackplaneMessage Announcement(ProviderPresence p) =>
        new(BackplaneOperation.ProviderAnnounce, "", p.ConnectionId) { Replica = ReplicaId, Agents = p.Agents };

    private BackplaneMessage Withdrawal(string connectionId) =>
        new(BackplaneOperation.ProviderWithdraw, "", connectionId) { Replica = ReplicaId };

    private async ValueTask PublishAsync(BackplaneMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await backplane.PublishAsync(BackplaneTopic.Providers, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // Presence is soft state: the next periodic announcement (or the other side's expiry) repairs it.
            LogPublishFailed(logger, message.Operation, ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _subscription, null) is { } s) await s.DisposeAsync().ConfigureAwait(false);
        _publishing.Dispose();
    }

    private sealed record RemoteProvider(ProviderPresence Presence, DateTimeOffset LastSeen);

    [LoggerMessage(Level = LogLevel.Information, Message = "Forgot a provider of replica {Replica}: not announced within the expiry")]
    private static partial void LogExpired(ILogger logger, string replica);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing provider presence ({Operation}) failed")]
    private static partial void LogPublishFailed(ILogger logger, BackplaneOperation operation, Exception ex);
}
