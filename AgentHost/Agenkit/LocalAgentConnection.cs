using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text.Json.Nodes;
using AgentPlatform.Agents;
using AgentPlatform.Protocol.Agenkit;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.AgentHost.Agenkit;

/// <summary>
/// One accepted connection of a <see cref="LocalAgent"/>: reads frames, answers each request by its id while
/// others run (many in flight), and applies the connection policy of docs/protocol/agenkit.md: a frame that
/// cannot be decoded, or one announced over the size limit, is answered with an error and ends the connection;
/// a request-level fault is answered and the connection stays.
/// </summary>
internal sealed partial class LocalAgentConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly LocalAgentOptions _options;
    private readonly IReadOnlyDictionary<string, IAgent> _agents;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _writeBuffer = new(4096);
    private readonly CancellationTokenSource _aborted = new();
    private AgenkitCodec _codec = AgenkitCodec.Json;
    private long _frames;
    private long _lastFrameTicks = Environment.TickCount64;
    private volatile bool _idleExpired;

    public LocalAgentConnection(string id, Stream stream, IReadOnlyDictionary<string, IAgent> agents, LocalAgentOptions options, ILogger logger)
    {
        Id = id;
        _stream = stream;
        _agents = agents;
        _options = options;
        _logger = logger;
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4096, leaveOpen: true));
    }

    /// <summary>The connection id, also the session of requests that name none.</summary>
    public string Id { get; }

    public int InFlight => _inFlight.Count;

    /// <summary>Serves the connection until the peer leaves, a fault ends it, it idles out or <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var stopRegistration = stopping.Register(Abort);
        var idleCheck = _options.IdleTimeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : _options.IdleTimeout / 4;
        await using var idleTimer = new Timer(_ => CheckIdle(), null, idleCheck, idleCheck);
        try
        {
            await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer vanished or we aborted: nothing to answer.
        }
        finally
        {
            Abort();
            try
            {
                await Task.WhenAll(_inFlight.Values).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogStuckAgents(_logger, Id, _inFlight.Count);
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        while (true)
        {
            var read = await _reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            if (read.IsCanceled && (_idleExpired || _aborted.IsCancellationRequested)) return;
            var buffer = read.Buffer;
            try
            {
                while (true)
                {
                    var status = AgenkitFraming.TryReadFrame(ref buffer, _options.MaxFrameBytes, out var body, out var announced);
                    if (status == AgenkitFrameStatus.Incomplete) break;
                    if (status == AgenkitFrameStatus.TooLarge)
                    {
                        LogFrameTooLarge(_logger, Id, announced, _options.MaxFrameBytes);
                        await SendAsync(AgenkitEnvelope.ForError(AgenkitProtocol.UnknownId, new AgenkitError(AgenkitErrorCodes.MessageTooLarge,
                            $"Frame of {announced} bytes is over the {_options.MaxFrameBytes}-byte limit",
                            new JsonObject { ["reason"] = AgenkitErrorReasons.FrameTooLarge, ["length"] = announced, ["max"] = _options.MaxFrameBytes }))).ConfigureAwait(false);
                        return;
                    }
                    Interlocked.Exchange(ref _lastFrameTicks, Environment.TickCount64);
                    _frames++;
                    var decoded = AgenkitEnvelopeCodec.Decode(body, _codec);
                    if (decoded.Envelope is null)
                    {
                        LogUndecodable(_logger, Id, decoded.Error!.Code);
                        await SendAsync(decoded.ToErrorEnvelope()).ConfigureAwait(false);
                        return;
                    }
                    await HandleAsync(decoded.Envelope).ConfigureAwait(false);
                }
            }
            finally
            {
                _reader.AdvanceTo(buffer.Start, buffer.End);
            }
            if (read.IsCompleted) return;
        }
    }

    private ValueTask HandleAsync(AgenkitEnvelope envelope)
    {
        switch (envelope.Type)
        {
            case AgenkitMessageType.Request:
                return HandleRequestAsync(envelope);
            case AgenkitMessageType.Heartbeat:
                // A liveness probe: this endpoint answers for itself, in the Relay's words.
                return SendAsync(AgenkitEnvelope.Create(AgenkitMessageType.Response, envelope.Id,
                    new JsonObject { ["agent_name"] = envelope.Payload["agent_name"]?.DeepClone(), ["status"] = "ok" }));
            case AgenkitMessageType.Register:
            case AgenkitMessageType.Unregister:
                return SendError(envelope.Id, AgenkitErrorCodes.RegistrationFailed, "This endpoint serves agents; it is not a registry", null);
            case AgenkitMessageType.Error:
                return ValueTask.CompletedTask;   // never answer an error with an error: two peers could ping-pong forever
            default:
                return SendError(envelope.Id, AgenkitErrorCodes.InvalidMessage, $"Expected 'request' but got '{AgenkitMessageTypes.ToWire(envelope.Type)}'",
                    new JsonObject { ["reason"] = "unexpected_type", ["type"] = AgenkitMessageTypes.ToWire(envelope.Type) });
        }
    }

    private ValueTask HandleRequestAsync(AgenkitEnvelope envelope)
    {
        if (!AgenkitRequest.TryParse(envelope.Payload, out var request, out var error)) return SendAsync(AgenkitEnvelope.ForError(envelope.Id, error!));
        switch (request!.Method)
        {
            case AgenkitMethods.Negotiate:
                return NegotiateAsync(envelope);
            case AgenkitMethods.Process:
            case AgenkitMethods.Stream:
                return StartAsync(envelope, request);
            case AgenkitMethods.Execute:
                return SendError(envelope.Id, AgenkitErrorCodes.ToolNotFound, "This endpoint serves agents, not tools",
                    new JsonObject { ["tool_name"] = request.Payload["tool_name"]?.DeepClone() });
            default:
                return SendError(envelope.Id, AgenkitErrorCodes.InvalidMessage, $"Unknown method: {request.Method}", new JsonObject { ["method"] = request.Method });
        }
    }

    // Only the first frame may negotiate: after it both sides have already committed to JSON.
    private async ValueTask NegotiateAsync(AgenkitEnvelope envelope)
    {
        if (_frames != 1)
        {
            await SendError(envelope.Id, AgenkitErrorCodes.InvalidMessage, "negotiate must be the first frame of a connection",
                new JsonObject { ["reason"] = "negotiate_not_first" }).ConfigureAwait(false);
            return;
        }
        var codec = AgenkitNegotiation.Choose(envelope.Payload, _options.AllowMessagePack);
        await SendAsync(AgenkitNegotiation.CreateResponse(envelope.Id, codec)).ConfigureAwait(false);
        _codec = codec;
    }

    private ValueTask StartAsync(AgenkitEnvelope envelope, AgenkitRequest request)
    {
        var agent = Route(request.AgentName);
        if (agent is null)
        {
            return SendError(envelope.Id, AgenkitErrorCodes.AgentNotFound, $"Agent '{request.AgentName}' not found",
                new JsonObject { ["agent_name"] = request.AgentName, ["available_agents"] = new JsonArray([.. _agents.Keys.Order(StringComparer.Ordinal).Select(k => (JsonNode)k)]) });
        }
        if (!request.TryGetMessage(out var message, out var error)) return SendAsync(AgenkitEnvelope.ForError(envelope.Id, error!));
        if (_inFlight.Count >= _options.MaxInFlightPerConnection)
        {
            return SendError(envelope.Id, AgenkitErrorCodes.AgentUnavailable, $"{_options.MaxInFlightPerConnection} requests are already in flight on this connection",
                new JsonObject { ["reason"] = "too_many_in_flight", ["max_in_flight"] = _options.MaxInFlightPerConnection });
        }
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inFlight.TryAdd(envelope.Id, started.Task))
        {
            return SendError(envelope.Id, AgenkitErrorCodes.InvalidMessage, $"A request with id '{envelope.Id}' is already in flight",
                new JsonObject { ["reason"] = "duplicate_id" });
        }
        // Runs inline until the agent's first real await (saves a thread hop per call), then on the thread pool.
        var run = RunAsync(envelope.Id, request.Method == AgenkitMethods.Stream, agent, message!);
        _ = run.ContinueWith(_ =>
        {
            _inFlight.TryRemove(envelope.Id, out var __);
            started.TrySetResult();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return ValueTask.CompletedTask;
    }

    // agenkit's RemoteAgent always names the agent; a request without a name goes to the only agent, if there is one.
    private IAgent? Route(string? name) =>
        name is null ? (_agents.Count == 1 ? _agents.Values.First() : null) : _agents.GetValueOrDefault(name);

    private ValueTask SendError(string id, string code, string message, JsonObject? details) =>
        SendAsync(AgenkitEnvelope.ForError(id, new AgenkitError(code, message, details)));

    /// <summary>
    /// Writes one frame. An answer over the size limit is replaced by INTERNAL_ERROR for its id; a write that
    /// stalls past <see cref="LocalAgentOptions.WriteTimeout"/> (the peer stopped reading) aborts the connection.
    /// </summary>
    public async ValueTask SendAsync(AgenkitEnvelope envelope)
    {
        await _writeLock.WaitAsync(_aborted.Token).ConfigureAwait(false);
        try
        {
            _writeBuffer.ResetWrittenCount();
            if (!AgenkitFraming.TryWriteFrame(_writeBuffer, envelope, _codec, _options.MaxFrameBytes))
            {
                _writeBuffer.ResetWrittenCount();
                AgenkitFraming.TryWriteFrame(_writeBuffer, AgenkitEnvelope.ForError(envelope.Id, new AgenkitError(AgenkitErrorCodes.InternalError,
                    $"The answer is over the {_options.MaxFrameBytes}-byte frame limit", new JsonObject { ["reason"] = AgenkitErrorReasons.FrameTooLarge })), _codec, int.MaxValue);
            }
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(_aborted.Token);
            stall.CancelAfter(_options.WriteTimeout);
            try
            {
                await _stream.WriteAsync(_writeBuffer.WrittenMemory, stall.Token).ConfigureAwait(false);
                await _stream.FlushAsync(stall.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!_aborted.IsCancellationRequested)
            {
                LogSlowReader(_logger, Id, _options.WriteTimeout);
                Abort();
                throw;
            }
        }
        finally
        {
            _writeLock.Release();
            if (_writeBuffer.Capacity > 1 << 20) _writeBuffer.Clear();
        }
    }

    private void CheckIdle()
    {
        if (_inFlight.IsEmpty && Environment.TickCount64 - Interlocked.Read(ref _lastFrameTicks) >= _options.IdleTimeout.TotalMilliseconds)
        {
            _idleExpired = true;
            _reader.CancelPendingRead();
        }
    }

    /// <summary>Ends the connection: agents see their token fire, the reader wakes, the socket closes.</summary>
    public void Abort()
    {
        if (_aborted.IsCancellationRequested) return;
        try
        {
            _aborted.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        _reader.CancelPendingRead();
        _stream.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        await _reader.CompleteAsync().ConfigureAwait(false);
        // _aborted holds no timer; an agent call that outlived the close may still link to its token.
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "agenkit connection {ConnectionId}: a frame announced {Length} bytes, over the {Max}-byte limit; refused unread, connection closed")]
    private static partial void LogFrameTooLarge(ILogger logger, string connectionId, long length, int max);

    [LoggerMessage(Level = LogLevel.Information, Message = "agenkit connection {ConnectionId}: undecodable frame ({Code}); connection closed")]
    private static partial void LogUndecodable(ILogger logger, string connectionId, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "agenkit connection {ConnectionId}: the peer read nothing for {Timeout}; connection closed")]
    private static partial void LogSlowReader(ILogger logger, string connectionId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "agenkit connection {ConnectionId}: {Count} agent calls did not stop within 5 s of the close")]
    private static partial void LogStuckAgents(ILogger logger, string connectionId, int count);
}
