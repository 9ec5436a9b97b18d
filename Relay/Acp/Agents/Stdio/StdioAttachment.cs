using System.Text.Json.Nodes;
using System.Threading.Channels;
using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Relay.Acp.Agents.Stdio;

/// <summary>
/// One client connection on a shared stdio agent. What the client sends is routed by the agent under its lock; what
/// goes to the client passes one queue per attachment and one sender, so a slow client delays only itself and sees
/// the agent's messages in the agent's order.
/// </summary>
public sealed partial class StdioAttachment : IAcpAttachment
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly StdioAcpAgent _agent;
    private readonly ILogger _logger;
    private readonly Channel<StdioOutbound> _outbound = Channel.CreateUnbounded<StdioOutbound>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _sender;
    private int _disposed;
    private long _queuedBytes;
    private int _overflowed;

    internal StdioAttachment(StdioAcpAgent agent, IAcpClientPeer peer, StdioClientCapabilities capabilities, JsonObject initializeResult,
        StdioAgentProcess process, ILogger logger)
    {
        _agent = agent;
        _logger = logger;
        Peer = peer;
        Capabilities = capabilities;
        InitializeResult = initializeResult;
        Process = process;
        _sender = Task.Run(SendLoopAsync);
    }

    public JsonObject InitializeResult { get; }

    public IAcpClientPeer Peer { get; }

    /// <summary>The agent's name and process generation: a restarted process may hand out the same session ids again.</summary>
    public string SessionScope => FormattableString.Invariant($"stdio/{_agent.Name}/{Process.Generation}");

    /// <summary>What the client declared; the agent's fs/terminal requests it did not declare are answered -32601 by the Relay.</summary>
    public StdioClientCapabilities Capabilities { get; }

    /// <summary>The agent process this client attached to; after a crash the attachment is over.</summary>
    internal StdioAgentProcess Process { get; }

    // The state below is read and written only under the agent's lock.

    /// <summary>Disposed, or the agent process ended: nothing more is routed for this client.</summary>
    internal bool Closed { get; set; }

    /// <summary>This client's requests the agent has not answered: the client's id key → the agent-side id key.</summary>
    internal Dictionary<string, string> RequestsToAgent { get; } = new(StringComparer.Ordinal);

    /// <summary>The agent's requests this client has not answered, by the id the client sees.</summary>
    internal Dictionary<string, AgentRequestInFlight> RequestsFromAgent { get; } = new(StringComparer.Ordinal);

    /// <summary>The last id given to an agent request sent to this client (ids are per connection).</summary>
    internal long LastOutgoingId { get; set; }

    public async ValueTask ReceiveAsync(JsonRpcMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        // Backpressure outside the agent's lock: a full stdin queue slows this client instead of growing.
        await Process.WaitForStdinRoomAsync(cancellationToken).ConfigureAwait(false);
        _agent.FromClient(this, message);
    }

    public ValueTask<bool> AdoptSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_agent.Adopt(this, sessionId));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _agent.Detach(this);
        _outbound.Writer.TryComplete();
        // The sender skips what is still queued once disposed; waiting bounds how long a stuck peer can hold it.
        await Task.WhenAny(_sender, Task.Delay(DrainTimeout)).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues a message for the client (called under the agent's lock, so the queue order is the routing order). A
    /// client that lets more than 4 × the message limit wait unsent is failed: one slow client must not grow the Relay.
    /// </summary>
    internal void Enqueue(StdioOutbound item)
    {
        var size = item.Message?.ToUtf8().Length ?? 0;
        if (Interlocked.Add(ref _queuedBytes, size) > _agent.MaxClientQueueBytes)
        {
            Interlocked.Add(ref _queuedBytes, -size);
            if (Interlocked.Exchange(ref _overflowed, 1) == 0)
            {
                LogOverflow(_logger, Peer.ConnectionId);
                // Not inline: this runs under the agent's lock, and failing the peer runs its drop handlers.
                ThreadPool.UnsafeQueueUserWorkItem(static a => a.Peer.Fail("Outbound buffer full"), this, preferLocal: false);
            }
            if (item.AgentRequest is not null) ThreadPool.UnsafeQueueUserWorkItem(static x => x.Agent.ClientUnreachable(x.Request), (Agent: _agent, Request: item.AgentRequest), preferLocal: false);
            return;
        }
        if (!_outbound.Writer.TryWrite(item)) Interlocked.Add(ref _queuedBytes, -size);
    }

    /// <summary>Queues the end of the agent: the peer fails after the messages queued before; nothing is queued after.</summary>
    internal void EnqueueFail(string reason)
    {
        _outbound.Writer.TryWrite(new StdioOutbound(null, FailReason: reason));
        _outbound.Writer.TryComplete();
    }

    private async Task SendLoopAsync()
    {
        await foreach (var item in _outbound.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (item.FailReason is not null)
            {
                Peer.Fail(item.FailReason);
                return;
            }
            if (item.Message is not null) Interlocked.Add(ref _queuedBytes, -item.Message.ToUtf8().Length);
            if (Volatile.Read(ref _disposed) != 0 || item.Message is null) continue;
            bool sent;
            try
            {
                sent = await Peer.SendAsync(item.Message).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The peer promises not to throw; if one does, the client is treated as gone for this message.
                LogSendFailed(_logger, Peer.ConnectionId, ex);
                sent = false;
            }
            if (!sent && item.AgentRequest is not null) _agent.ClientUnreachable(item.AgentRequest);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ACP connection {ConnectionId}: too much output waiting for it, failing the client")]
    private static partial void LogOverflow(ILogger logger, string connectionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending to ACP connection {ConnectionId} threw")]
    private static partial void LogSendFailed(ILogger logger, string connectionId, Exception exception);
}
