using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Protocol.AgentChat;

namespace AgentPlatform.Client.AgentChat;

/// <summary>
/// One AgentChat connection: identifies (ephemeral, or with a key, answering a login challenge when the server asks),
/// then sends frames and reads them. The protocol has no request ids, so requests (JOIN, LIST_*, proposal verbs) run one
/// at a time and an ERROR is the answer of the request in flight; every other frame goes to <see cref="Incoming"/>.
/// </summary>
public sealed partial class AgentChatClient : IAsyncDisposable
{
    private const int MaxFrameBytes = 2 * 1024 * 1024;

    private readonly ClientWebSocket _socket;
    private readonly AgentChatClientOptions _options;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SemaphoreSlim _requestLock = new(1, 1);
    private readonly Channel<JsonObject> _incoming = Channel.CreateUnbounded<JsonObject>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly Dictionary<string, JsonObject> _proposals = new(StringComparer.Ordinal);
    private readonly Queue<string> _proposalOrder = new();

    /// <summary>PROPOSAL frames remembered for <see cref="KnownProposal"/>: the newest ones (a long-lived client must not grow forever).</summary>
    internal const int MaxKnownProposals = 1000;
    private readonly Lock _gate = new();
    private Waiter? _waiter;
    private Task _receiveLoop = Task.CompletedTask;
    private Task _keepAlive = Task.CompletedTask;
    private int _disposed;

    private AgentChatClient(ClientWebSocket socket, AgentChatClientOptions options)
    {
        _socket = socket;
        _options = options;
    }

    /// <summary>The id the server gave us (<c>@…</c>).</summary>
    public string AgentId { get; private set; } = "";

    /// <summary>The server's name from WELCOME.</summary>
    public string? ServerName { get; private set; }

    /// <summary>The identity this connection identified with, if any.</summary>
    public AgentChatIdentity? Identity => _options.Identity;

    /// <summary>Frames that are not the answer of a request: messages, joins and leaves, proposals, unattributed errors.</summary>
    public ChannelReader<JsonObject> Incoming => _incoming.Reader;

    /// <summary>Completes when the connection has closed (by either side).</summary>
    public Task Completion => _receiveLoop;

    /// <summary>Whether the socket is open.</summary>
    public bool IsConnected => _socket.State == WebSocketState.Open && !_receiveLoop.IsCompleted;

    /// <summary>Connects and identifies; returns once WELCOME has arrived.</summary>
    /// <exception cref="AgentChatException">The server refused the identification (its ERROR code) or closed.</exception>
    public static async Task<AgentChatClient> ConnectAsync(Uri server, AgentChatClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);
        var socket = new ClientWebSocket();
        // A refused upgrade keeps its status and the Relay's reason header (UpgradeRefusal) for the exception.
        socket.Options.CollectHttpResponseDetails = true;
        var client = new AgentChatClient(socket, options);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.RequestTimeout);
            await socket.ConnectAsync(server, timeout.Token).ConfigureAwait(false);
            socket.HttpResponseHeaders = null;
            client._receiveLoop = client.ReceiveLoopAsync();
            await client.IdentifyAsync(cancellationToken).ConfigureAwait(false);
            if (options.KeepAliveInterval is { } interval && interval > TimeSpan.Zero) client._keepAlive = client.KeepAliveAsync(interval);
            return client;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var status = UpgradeRefusal.Status(socket);
            var reason = status is null ? null : UpgradeRefusal.Reason(socket, QueryToken(server));
            await client.DisposeAsync().ConfigureAwait(false);
            // The address without its query: a token given as ?access_token= must not reach the message.
            var where = server.GetLeftPart(UriPartial.Path);
            var why = status is { } refused ? UpgradeRefusal.Describe(refused, reason) : ex.Message;
            throw new AgentChatException(AgentChatException.Disconnected, $"could not connect to {where}: {why}")
            {
                Reason = reason,
                HttpStatus = status is { } code ? (int)code : null,
            };
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The <c>access_token</c> of the address's query, if any (so a reason echoing it is dropped).</summary>
    private static string? QueryToken(Uri server)
    {
        foreach (var pair in server.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.StartsWith("access_token=", StringComparison.Ordinal)) return Uri.UnescapeDataString(pair["access_token=".Length..]);
        }
        return null;
    }

    private async Task IdentifyAsync(CancellationToken cancellationToken)
    {
        var identity = _options.Identity;
        var name = _options.Name ?? identity?.Name ?? "agent-" + Environment.ProcessId;
        var identify = Frames.Create("IDENTIFY", ("name", name), ("pubkey", identity?.PublicKeyPem));
        // A CHALLENGE comes before WELCOME when the server requires proof of the key; answer it from the receive loop's frame.
        var welcome = await RequestAsync(identify, f => f.Type() is "WELCOME" or "CHALLENGE", cancellationToken).ConfigureAwait(false);
        if (welcome.Type() == "CHALLENGE")
        {
            if (identity is null || !identity.CanSign) throw new AgentChatException("VERIFICATION_FAILED", "the server asked for a key proof and this identity cannot sign");
            var challengeId = welcome.Text("challenge_id") ?? "";
            var timestamp = _options.Time.GetUtcNow().ToUnixTimeMilliseconds();
            var signature = identity.Sign(AgentChatSigning.Auth(welcome.Text("nonce") ?? "", challengeId, timestamp));
            var verify = Frames.Create("VERIFY_IDENTITY", ("challenge_id", challengeId), ("signature", signature), ("timestamp", timestamp));
            welcome = await RequestAsync(verify, f => f.Type() == "WELCOME", cancellationToken).ConfigureAwait(false);
        }
        AgentId = welcome.Text("agent_id") ?? "";
        ServerName = welcome.Text("server");
    }

    /// <summary>Sends one frame as it is (no answer awaited).</summary>
    public async Task SendFrameAsync(JsonObject frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var bytes = Encoding.UTF8.GetBytes(frame.Serialize());
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            throw new AgentChatException(AgentChatException.Disconnected, "the connection is closed: " + ex.Message);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a frame and waits for the first frame <paramref name="isAnswer"/> accepts; an ERROR first throws its code.</summary>
    public async Task<JsonObject> RequestAsync(JsonObject frame, Func<JsonObject, bool> isAnswer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(isAnswer);
        await _requestLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        var waiter = new Waiter(isAnswer, ErrorsEndIt: true);
        try
        {
            lock (_gate) _waiter = waiter;
            if (_receiveLoop.IsCompleted) throw new AgentChatException(AgentChatException.Disconnected, "the connection is closed");
            await SendFrameAsync(frame, cancellationToken).ConfigureAwait(false);
            return await WaitAsync(waiter, frame.Type(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate) _waiter = null;
            _requestLock.Release();
        }
    }

    /// <summary>
    /// Sends a MSG and then a PING, and returns when the PONG is back: the server handles a connection's frames in order,
    /// so by then it has taken the message (relayed it) or answered it with an ERROR, which this throws. The daemon acks
    /// its outbox on this.
    /// </summary>
    public Task SendConfirmedAsync(string to, string content, CancellationToken cancellationToken = default) =>
        SendConfirmedAsync(to, content, null, cancellationToken);

    /// <summary>
    /// As <see cref="SendConfirmedAsync(string, string, CancellationToken)"/>, signed with <paramref name="ts"/> when given:
    /// a resend of an unconfirmed message with its first <c>ts</c> is the same signed message (same <c>sig</c>), which
    /// receivers de-duplicate on <c>(from, ts, sig)</c> (docs/protocol/agentchat.md §6.3).
    /// </summary>
    public async Task SendConfirmedAsync(string to, string content, long? ts, CancellationToken cancellationToken = default)
    {
        await _requestLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        // Errors are collected until the PONG, so a late PONG never answers the next request.
        var waiter = new Waiter(f => f.Type() == "PONG", ErrorsEndIt: false);
        try
        {
            lock (_gate) _waiter = waiter;
            if (_receiveLoop.IsCompleted) throw new AgentChatException(AgentChatException.Disconnected, "the connection is closed");
            await SendFrameAsync(BuildMessage(to, content, ts), cancellationToken).ConfigureAwait(false);
            await SendFrameAsync(Frames.Create("PING"), cancellationToken).ConfigureAwait(false);
            await WaitAsync(waiter, "MSG", cancellationToken).ConfigureAwait(false);
            if (waiter.FirstError is { } error) throw ToException(error);
        }
        finally
        {
            lock (_gate) _waiter = null;
            _requestLock.Release();
        }
    }

    private async Task<JsonObject> WaitAsync(Waiter waiter, string? what, CancellationToken cancellationToken)
    {
        try
        {
            return await waiter.Answer.Task.WaitAsync(_options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new AgentChatException(AgentChatException.Timeout, $"no answer to {what} within {_options.RequestTimeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>A MSG frame; signed (<c>ts</c>, <c>sig</c> over <c>JSON.stringify({to,content,ts})</c>) when we have a key.</summary>
    public JsonObject BuildMessage(string to, string content) => BuildMessage(to, content, null);

    /// <summary>A MSG frame signed with <paramref name="ts"/> (ms) when given, else the current time.</summary>
    public JsonObject BuildMessage(string to, string content, long? ts)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(content);
        var frame = Frames.Create("MSG", ("to", to), ("content", content));
        if (_options.SignMessages && _options.Identity is { CanSign: true } identity)
        {
            var stamp = ts ?? _options.Time.GetUtcNow().ToUnixTimeMilliseconds();
            frame["ts"] = stamp;
            frame["sig"] = identity.Sign(AgentChatSigning.Message(to, content, stamp));
        }
        return frame;
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _closing.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, result.Count);
                if (message.Length > MaxFrameBytes) break;
                if (!result.EndOfMessage) continue;
                var frame = ParseFrame(message.GetBuffer().AsSpan(0, (int)message.Length));
                message.SetLength(0);
                if (frame is not null) Dispatch(frame);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is gone; the waiter and the readers learn it below.
        }
        finally
        {
            Waiter? waiter;
            lock (_gate) waiter = _waiter;
            waiter?.Answer.TrySetException(new AgentChatException(AgentChatException.Disconnected, "the connection closed"));
            _incoming.Writer.TryComplete();
        }
    }

    private static JsonObject? ParseFrame(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return JsonNode.Parse(bytes) as JsonObject;
        }
        catch (JsonException)
        {
            return null; // A server frame we cannot read is skipped, not fatal.
        }
    }

    private void Dispatch(JsonObject frame)
    {
        var type = frame.Type();
        if (type == "PROPOSAL" && frame.Text("id") is { } proposalId)
        {
            lock (_gate)
            {
                if (_proposals.TryAdd(proposalId, (JsonObject)frame.DeepClone())) _proposalOrder.Enqueue(proposalId);
                else _proposals[proposalId] = (JsonObject)frame.DeepClone();
                while (_proposalOrder.Count > MaxKnownProposals) _proposals.Remove(_proposalOrder.Dequeue());
            }
        }
        Waiter? waiter;
        lock (_gate) waiter = _waiter;
        if (waiter is not null && !waiter.Answer.Task.IsCompleted)
        {
            if (type == "ERROR")
            {
                if (waiter.ErrorsEndIt) waiter.Answer.TrySetException(ToException(frame));
                else waiter.FirstError ??= frame;
                return;
            }
            if (waiter.IsAnswer(frame))
            {
                waiter.Answer.TrySetResult(frame);
                return;
            }
        }
        if (type == "PONG") return; // A PING's answer nobody waits for any more.
        _incoming.Writer.TryWrite(frame);
    }

    /// <summary>The PROPOSAL frame of an id, if this connection saw it (receipts carry the parties from it).</summary>
    public JsonObject? KnownProposal(string proposalId)
    {
        lock (_gate) return _proposals.TryGetValue(proposalId, out var proposal) ? (JsonObject)proposal.DeepClone() : null;
    }

    private static AgentChatException ToException(JsonObject error) =>
        new(error.Text("code") ?? "ERROR", error.Text("message") ?? error.Text("code") ?? "error");

    /// <summary>Closes the connection (a normal close) and stops reading.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token).ConfigureAwait(false);
                await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException or ObjectDisposedException)
            {
                // Closing politely is best effort; the abort below ends it either way.
            }
        }
        await _closing.CancelAsync().ConfigureAwait(false);
        _socket.Abort();
        await _keepAlive.ConfigureAwait(false);
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Already reported to the readers.
        }
        _socket.Dispose();
        _closing.Dispose();
        _sendLock.Dispose();
        _requestLock.Dispose();
    }

    private sealed record Waiter(Func<JsonObject, bool> IsAnswer, bool ErrorsEndIt)
    {
        public TaskCompletionSource<JsonObject> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public JsonObject? FirstError { get; set; }
    }
}
