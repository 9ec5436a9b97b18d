using System.Runtime.CompilerServices;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Client.Agenkit;

/// <summary>
/// Calls an agent served over the agenkit protocol (seed 003 §5.2): the Relay's agenkit listener, a
/// <c>LocalAgent</c>, or agenkit's own Python LocalAgent. Connections are pooled and pipelined, each attempt has a
/// deadline, and the retryable codes (<see cref="AgenkitErrorCodes.IsRetryable"/>) are retried with exponential
/// backoff. Safe for concurrent use; one instance per agent and endpoint is meant to live as long as the app.
/// </summary>
public sealed class RemoteAgent : IAsyncDisposable
{
    private readonly AgenkitConnectionPool _pool;
    private readonly bool _ownsPool;
    private readonly RemoteAgentOptions _options;

    /// <summary>An agent at <paramref name="endpoint"/> (<c>unix:///…</c> or <c>tcp://host:port</c>).</summary>
    public RemoteAgent(string name, string endpoint, RemoteAgentOptions? options = null)
        : this(name, AgenkitEndpoint.Parse(endpoint ?? throw new ArgumentNullException(nameof(endpoint))), options)
    {
    }

    public RemoteAgent(string name, AgenkitEndpoint endpoint, RemoteAgentOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _options = options ?? new RemoteAgentOptions();
        _pool = new AgenkitConnectionPool(endpoint, _options);
        _ownsPool = true;
    }

    /// <summary>An agent reached through a pool shared with other agents of the same endpoint (the Relay serves many).</summary>
    public RemoteAgent(string name, AgenkitConnectionPool pool, RemoteAgentOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _pool = pool ?? throw new ArgumentNullException(nameof(pool));
        _options = options ?? new RemoteAgentOptions();
        _options.Validate();
    }

    /// <summary>The <c>agent_name</c> every request carries.</summary>
    public string Name { get; }

    public AgenkitEndpoint Endpoint => _pool.Endpoint;

    /// <summary>Sends one message (<c>process</c>) and returns the agent's answer.</summary>
    /// <exception cref="AgenkitRemoteException">The agent's error, or the last attempt's failure.</exception>
    public Task<AgenkitMessage> ProcessAsync(string content, CancellationToken cancellationToken = default) =>
        ProcessAsync(AgenkitMessage.Text("user", content), cancellationToken);

    /// <inheritdoc cref="ProcessAsync(string, CancellationToken)"/>
    public async Task<AgenkitMessage> ProcessAsync(AgenkitMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ProcessOnceAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (AgenkitRemoteException ex) when (ex.Retryable && attempt < _options.MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Sends many messages at once, pipelined (seed 003 §6.2 "batch requests"), and returns the answers in order.
    /// Each message is its own call, retried on its own.
    /// </summary>
    public async Task<IReadOnlyList<AgenkitMessage>> ProcessBatchAsync(IEnumerable<AgenkitMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return await Task.WhenAll(messages.Select(m => ProcessAsync(m, cancellationToken))).ConfigureAwait(false);
    }

    private async Task<AgenkitMessage> ProcessOnceAsync(AgenkitMessage message, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        try
        {
            var connection = await _pool.GetAsync(deadline.Token).ConfigureAwait(false);
            var request = AgenkitEnvelope.ForRequest(connection.NewId(), AgenkitMethods.Process, Name, message);
            var answer = await connection.CallAsync(request, deadline.Token).ConfigureAwait(false);
            if (answer.Type != AgenkitMessageType.Response)
            {
                throw new AgenkitRemoteException(AgenkitErrorCodes.InvalidMessage, $"expected a response, got {AgenkitMessageTypes.ToWire(answer.Type)}");
            }
            return ReadMessage(answer);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Timeout();
        }
    }

    /// <summary>
    /// Streams the agent's answer (<c>stream</c>): one message per <c>stream_chunk</c> until <c>stream_end</c>. The
    /// deadline restarts with every chunk. A failure before the first chunk is retried like a process call; after
    /// it the stream cannot be resumed, so the failure is thrown.
    /// </summary>
    public async IAsyncEnumerable<AgenkitMessage> StreamAsync(AgenkitMessage message, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        for (var attempt = 1; ; attempt++)
        {
            AgenkitCall? call = null;
            AgenkitMessage? first = null;
            var ended = false;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                deadline.CancelAfter(_options.Timeout);
                var connection = await _pool.GetAsync(deadline.Token).ConfigureAwait(false);
                call = await connection.StartAsync(AgenkitEnvelope.ForRequest(connection.NewId(), AgenkitMethods.Stream, Name, message), deadline.Token)
                    .ConfigureAwait(false);
                var envelope = await call.ReadAsync(deadline.Token).ConfigureAwait(false);
                if (envelope is null || envelope.Type == AgenkitMessageType.StreamEnd) ended = true;
                else first = ReadChunk(envelope);
            }
            catch (AgenkitRemoteException ex) when (ex.Retryable && attempt < _options.MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                if (call is not null) await call.DisposeAsync().ConfigureAwait(false);
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                if (call is not null) await call.DisposeAsync().ConfigureAwait(false);
                if (attempt < _options.MaxAttempts)
                {
                    await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                    continue;
                }
                throw Timeout();
            }
            catch
            {
                if (call is not null) await call.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            await using (call.ConfigureAwait(false))
            {
                if (ended) yield break;
                yield return first!;
                while (true)
                {
                    var next = await ReadWithDeadlineAsync(call, cancellationToken).ConfigureAwait(false);
                    if (next is null || next.Type == AgenkitMessageType.StreamEnd) yield break;
                    yield return ReadChunk(next);
                }
            }
        }
    }

    /// <inheritdoc cref="StreamAsync(AgenkitMessage, CancellationToken)"/>
    public IAsyncEnumerable<AgenkitMessage> StreamAsync(string content, CancellationToken cancellationToken = default) =>
        StreamAsync(AgenkitMessage.Text("user", content), cancellationToken);

    private async ValueTask<AgenkitEnvelope?> ReadWithDeadlineAsync(AgenkitCall call, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        try
        {
            return await call.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Timeout();
        }
    }

    private static AgenkitMessage ReadChunk(AgenkitEnvelope envelope) => envelope.Type == AgenkitMessageType.StreamChunk
        ? ReadMessage(envelope)
        : throw new AgenkitRemoteException(AgenkitErrorCodes.InvalidMessage, $"expected stream_chunk or stream_end, got {AgenkitMessageTypes.ToWire(envelope.Type)}");

    private static AgenkitMessage ReadMessage(AgenkitEnvelope envelope) =>
        AgenkitMessage.TryParse(envelope.Payload["message"], out var message, out var error)
            ? message!
            : throw AgenkitRemoteException.FromError(error!);

    private AgenkitRemoteException Timeout() =>
        new(AgenkitErrorCodes.AgentTimeout, $"agent '{Name}' at {Endpoint} did not answer within {_options.Timeout}");

    /// <summary>The wait before retry number <paramref name="attempt"/>: exponential, capped, ±25 % jitter so that clients do not retry in step.</summary>
    internal TimeSpan Backoff(int attempt)
    {
        var ms = _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1);
        ms = Math.Min(ms, _options.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms * (0.75 + (Random.Shared.NextDouble() * 0.5)));
    }

    public ValueTask DisposeAsync() => _ownsPool ? _pool.DisposeAsync() : ValueTask.CompletedTask;
}
