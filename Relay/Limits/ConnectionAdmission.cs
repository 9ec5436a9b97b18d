using AgentPlatform.Relay.Diagnostics;
using AgentPlatform.Server.Limits;

namespace AgentPlatform.Relay.Limits;

/// <summary>
/// The one place that admits dialect connections: counts them per remote address, per user id (when one is known)
/// and for the whole process, and meters HTTP requests per remote address with a <see cref="TokenBucket"/>. Used by
/// <see cref="AdmissionMiddleware"/> for the HTTP dialects and by the agenkit listener for its sockets.
/// </summary>
public sealed class ConnectionAdmission : IDisposable
{
    // Why one lock: every operation is a few dictionary updates, far below the cost of the upgrade it guards, and a
    // single lock keeps the three counts (global, client, user) consistent with each other.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ClientEntry> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _dialects = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly RelayTelemetry _telemetry;
    private readonly ITimer _sweep;
    private int _open;

    public ConnectionAdmission(RelayLimitsOptions options, RelayTelemetry telemetry, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(time);
        Options = options;
        _telemetry = telemetry;
        _time = time;
        // Clients with nothing open and a bucket long refilled are forgotten, so the table stays as large as the active set.
        _sweep = time.CreateTimer(static s => ((ConnectionAdmission)s!).Sweep(), this, SweepPeriod, SweepPeriod);
    }

    /// <summary>How long a client with no connection is remembered (its request bucket with it).</summary>
    public static TimeSpan SweepPeriod { get; } = TimeSpan.FromMinutes(1);

    public RelayLimitsOptions Options { get; }

    /// <summary>Connections admitted and not released yet, every dialect together.</summary>
    public int OpenConnections
    {
        get
        {
            lock (_gate) return _open;
        }
    }

    /// <summary>Connections open now for one dialect.</summary>
    public int OpenFor(string dialect)
    {
        lock (_gate) return _dialects.GetValueOrDefault(dialect);
    }

    /// <summary>Connections open now from one remote address.</summary>
    public int OpenFrom(string client)
    {
        lock (_gate) return _clients.TryGetValue(client, out var entry) ? entry.Connections : 0;
    }

    /// <summary>Connections open now of one user id (as named by the <see cref="IAdmissionIdentity"/>).</summary>
    public int OpenOf(string user)
    {
        lock (_gate) return _users.GetValueOrDefault(user);
    }

    /// <summary>Admits one connection of <paramref name="dialect"/> from <paramref name="client"/> (and <paramref name="user"/>), or says why not.</summary>
    public AdmissionRefusal TryAdmit(string dialect, string client, string? user, out AdmissionLease? lease)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(client);
        lease = null;
        AdmissionRefusal refusal;
        lock (_gate)
        {
            var entry = Entry(client);
            refusal = _open >= Options.MaxConnections ? AdmissionRefusal.ServerFull
                : entry.Connections >= Options.MaxConnectionsPerClient ? AdmissionRefusal.ClientConnections
                : user is not null && _users.GetValueOrDefault(user) >= Options.MaxConnectionsPerUser ? AdmissionRefusal.UserConnections
                : AdmissionRefusal.None;
            if (refusal == AdmissionRefusal.None)
            {
                _open++;
                entry.Connections++;
                if (user is not null) _users[user] = _users.GetValueOrDefault(user) + 1;
                _dialects[dialect] = _dialects.GetValueOrDefault(dialect) + 1;
            }
        }
        if (refusal != AdmissionRefusal.None)
        {
            Refused(dialect, refusal);
            return refusal;
        }
        _telemetry.AdmittedConnections.Add(1, new KeyValuePair<string, object?>("dialect", dialect));
        lease = new AdmissionLease(this, dialect, client, user);
        return AdmissionRefusal.None;
    }

    /// <summary>Spends one token of the client's request bucket; false (and counted as refused) when it is empty.</summary>
    public bool TryTakeRequest(string dialect, string client)
    {
        ArgumentNullException.ThrowIfNull(client);
        bool allowed;
        lock (_gate) allowed = Entry(client).Requests.TryTake();
        if (!allowed) Refused(dialect, AdmissionRefusal.ClientRate);
        return allowed;
    }

    /// <summary>Counts a refusal decided elsewhere with these limits (the agenkit listener's own ceiling).</summary>
    public void Refused(string dialect, AdmissionRefusal refusal) =>
        _telemetry.RefusedConnections.Add(1, new KeyValuePair<string, object?>("dialect", dialect), new KeyValuePair<string, object?>("reason", ReasonOf(refusal)));

    /// <summary>The metric and log name of a refusal.</summary>
    public static string ReasonOf(AdmissionRefusal refusal) => refusal switch
    {
        AdmissionRefusal.ServerFull => "server_full",
        AdmissionRefusal.ClientConnections => "client_connections",
        AdmissionRefusal.UserConnections => "user_connections",
        AdmissionRefusal.ClientRate => "client_rate",
        _ => "none",
    };

    internal void Release(AdmissionLease lease)
    {
        lock (_gate)
        {
            _open--;
            if (_clients.TryGetValue(lease.Client, out var entry))
            {
                entry.Connections--;
                entry.LastSeen = _time.GetTimestamp();
            }
            if (lease.User is { } user)
            {
                var left = _users.GetValueOrDefault(user) - 1;
                if (left <= 0) _users.Remove(user);
                else _users[user] = left;
            }
            _dialects[lease.Dialect] = _dialects.GetValueOrDefault(lease.Dialect) - 1;
        }
        _telemetry.AdmittedConnections.Add(-1, new KeyValuePair<string, object?>("dialect", lease.Dialect));
    }

    public void Dispose() => _sweep.Dispose();

    private ClientEntry Entry(string client)
    {
        if (!_clients.TryGetValue(client, out var entry))
        {
            entry = new ClientEntry(new TokenBucket(Options.RequestsPerSecondPerClient, Options.RequestBurstPerClient, _time));
            _clients[client] = entry;
        }
        entry.LastSeen = _time.GetTimestamp();
        return entry;
    }

    private void Sweep()
    {
        lock (_gate)
        {
            List<string>? idle = null;
            foreach (var (client, entry) in _clients)
            {
                if (entry.Connections == 0 && _time.GetElapsedTime(entry.LastSeen) >= SweepPeriod) (idle ??= []).Add(client);
            }
            if (idle is null) return;
            foreach (var client in idle) _clients.Remove(client);
        }
    }

    private sealed class ClientEntry(TokenBucket requests)
    {
        public TokenBucket Requests { get; } = requests;

        public int Connections { get; set; }

        public long LastSeen { get; set; }
    }
}
