using System.Threading.Channels;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.Requests;

namespace AgentPlatform.Relay.WebPubSub.Connections;

/// <summary>
/// What the Web PubSub dialect keeps per connection (in <c>RelayConnection.DialectState</c>): the negotiated
/// subprotocol, the stable reconnection token, mutable roles (the REST permission API changes them), the
/// handler-owned connection state, the ackId cache and the queue that runs blocking user events in order.
/// </summary>
public sealed class WebPubSubConnectionContext
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _roles;
    private string? _connectionState;
    private int _closing;

    public WebPubSubConnectionContext(string? subprotocol, string reconnectionToken, IEnumerable<string> roles, string? connectionState)
    {
        Subprotocol = subprotocol;
        ReconnectionToken = reconnectionToken;
        _roles = new HashSet<string>(roles, StringComparer.Ordinal);
        _connectionState = connectionState;
    }

    /// <summary>The negotiated subprotocol; null for simple WebSocket clients.</summary>
    public string? Subprotocol { get; }

    public bool IsSimpleClient => Subprotocol is null;

    public bool IsReliable => WebPubSubSubprotocols.IsReliable(Subprotocol);

    /// <summary>
    /// The token a reliable client presents to recover. Stable for the connection's life (unlike the core's rotating
    /// resume token) so that a recovery attempt that breaks half-way can simply be retried.
    /// </summary>
    public string ReconnectionToken { get; }

    public AckIdCache AckIds { get; } = new();

    /// <summary>User events (event and invoke frames) waiting for their upstream call, run one at a time in arrival order.</summary>
    public Channel<WebPubSubRequest> Events { get; } = Channel.CreateBounded<WebPubSubRequest>(
        new BoundedChannelOptions(64) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Simple-client frames waiting for their upstream call.</summary>
    public Channel<WebPubSubPayload> RawEvents { get; } = Channel.CreateBounded<WebPubSubPayload>(
        new BoundedChannelOptions(64) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>True for the first caller only: one close (one disconnected message) per connection.</summary>
    public bool TryBeginClose() => Interlocked.Exchange(ref _closing, 1) == 0;

    public string? ConnectionState
    {
        get { lock (_gate) return _connectionState; }
        set { lock (_gate) _connectionState = value; }
    }

    public IReadOnlyList<string> Roles
    {
        get { lock (_gate) return [.. _roles]; }
    }

    public void Grant(string role)
    {
        lock (_gate) _roles.Add(role);
    }

    public void Revoke(string role)
    {
        lock (_gate) _roles.Remove(role);
    }

    public bool HasRole(string role)
    {
        lock (_gate) return _roles.Contains(role);
    }
}
