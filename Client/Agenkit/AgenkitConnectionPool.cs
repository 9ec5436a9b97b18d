namespace AgentPlatform.Client.Agenkit;

/// <summary>
/// Reusable connections to one endpoint (seed 003 §6.2): calls are pipelined on the least busy connection; another
/// one opens only when every open connection already carries <see cref="RemoteAgentOptions.PipelineDepth"/> calls
/// and fewer than <see cref="RemoteAgentOptions.MaxConnections"/> are open. Closed connections are dropped and
/// replaced on demand, which is how a client recovers after the peer restarts.
/// </summary>
public sealed class AgenkitConnectionPool : IAsyncDisposable
{
    private readonly RemoteAgentOptions _options;
    private readonly SemaphoreSlim _opening = new(1, 1);
    private readonly object _gate = new();
    private List<AgenkitConnection> _connections = [];
    private bool _disposed;

    public AgenkitConnectionPool(AgenkitEndpoint endpoint, RemoteAgentOptions? options = null)
    {
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _options = options ?? new RemoteAgentOptions();
        _options.Validate();
    }

    public AgenkitEndpoint Endpoint { get; }

    /// <summary>Open connections right now.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _connections.Count(c => c.IsOpen);
        }
    }

    /// <summary>A connection to send on: an open one with room, or a new one.</summary>
    /// <exception cref="AgenkitRemoteException">CONNECTION_FAILED or CONNECTION_TIMEOUT when none can be opened.</exception>
    public async ValueTask<AgenkitConnection> GetAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var best = Pick(out var full);
        if (best is not null && !full) return best;
        await _opening.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have opened one while this one waited.
            best = Pick(out full);
            if (best is not null && !full) return best;
            var connection = await AgenkitConnection.ConnectAsync(Endpoint, _options, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (_disposed)
                {
                    _ = connection.DisposeAsync().AsTask();
                    throw new ObjectDisposedException(nameof(AgenkitConnectionPool));
                }
                _connections = [.. _connections.Where(c => c.IsOpen), connection];
            }
            _ = connection.Closed.ContinueWith(_ => Drop(connection), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return connection;
        }
        catch (AgenkitRemoteException) when (best is not null)
        {
            return best;   // at the connection limit's edge: a busy connection beats none
        }
        finally
        {
            _opening.Release();
        }
    }

    // The least busy open connection; "full" when it is at the pipeline depth and the pool may still grow.
    private AgenkitConnection? Pick(out bool full)
    {
        lock (_gate)
        {
            AgenkitConnection? best = null;
            var open = 0;
            foreach (var c in _connections)
            {
                if (!c.IsOpen) continue;
                open++;
                if (best is null || c.InFlight < best.InFlight) best = c;
            }
            full = best is null || (best.InFlight >= _options.PipelineDepth && open < _options.MaxConnections);
            return best;
        }
    }

    private void Drop(AgenkitConnection connection)
    {
        lock (_gate) _connections = [.. _connections.Where(c => c != connection)];
        _ = connection.DisposeAsync().AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        List<AgenkitConnection> all;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            all = _connections;
            _connections = [];
        }
        foreach (var c in all) await c.DisposeAsync().ConfigureAwait(false);
        _opening.Dispose();
    }
}
