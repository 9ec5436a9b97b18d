using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Client.Agenkit;

/// <summary>
/// One client connection to an agenkit peer: requests are pipelined (many in flight, each answered by its id), a
/// reader task hands every frame to the call that owns its id. Safe for concurrent use.
/// </summary>
public sealed class AgenkitConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly int _maxFrameBytes;
    private readonly int _streamBuffer;
    private readonly ConcurrentDictionary<string, PendingCall> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _writeBuffer = new(4096);
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<Exception> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _readLoop = Task.CompletedTask;
    private long _nextId;
    private int _disposed;
    private Func<string?>? _accessToken;

    private AgenkitConnection(AgenkitEndpoint endpoint, Stream stream, int maxFrameBytes, int streamBuffer)
    {
        Endpoint = endpoint;
        _stream = stream;
        _maxFrameBytes = maxFrameBytes;
        _streamBuffer = streamBuffer;
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4096, leaveOpen: true));
    }

    public AgenkitEndpoint Endpoint { get; }

    /// <summary>The encoding of this connection's frames after negotiation.</summary>
    public AgenkitCodec Codec { get; private set; } = AgenkitCodec.Json;

    /// <summary>Calls waiting for frames.</summary>
    public int InFlight => _pending.Count;

    public bool IsOpen => !_closed.Task.IsCompleted;

    /// <summary>Completes with the reason once the connection is gone (peer closed, I/O error, protocol fault, dispose).</summary>
    public Task<Exception> Closed => _closed.Task;

    /// <summary>Connects, negotiates <see cref="RemoteAgentOptions.Codec"/> when it is not JSON, and starts reading.</summary>
    /// <exception cref="AgenkitRemoteException">CONNECTION_FAILED or CONNECTION_TIMEOUT.</exception>
    public static async Task<AgenkitConnection> ConnectAsync(AgenkitEndpoint endpoint, RemoteAgentOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.ConnectTimeout);
        Stream? stream = null;
        try
        {
            stream = await OpenStreamAsync(endpoint, options, deadline.Token).ConfigureAwait(false);
            var connection = new AgenkitConnection(endpoint, stream, options.MaxFrameBytes, options.StreamBuffer);
            if (options.AccessToken is not null || options.AccessTokenFactory is not null) connection._accessToken = options.CurrentAccessToken;
            if (options.Codec != AgenkitCodec.Json) await connection.NegotiateAsync(options.Codec, deadline.Token).ConfigureAwait(false);
            connection._readLoop = connection.ReadLoopAsync();
            return connection;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
            throw new AgenkitRemoteException(AgenkitErrorCodes.ConnectionTimeout, $"no connection to {endpoint} within {options.ConnectTimeout}");
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException)
        {
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
            throw new AgenkitRemoteException(AgenkitErrorCodes.ConnectionFailed, $"cannot connect to {endpoint}: {ex.Message}", null, ex);
        }
    }

    private static async Task<Stream> OpenStreamAsync(AgenkitEndpoint endpoint, RemoteAgentOptions options, CancellationToken cancellationToken)
    {
        var address = await endpoint.ResolveAsync(cancellationToken).ConfigureAwait(false);
        var socket = endpoint.IsUnix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(address, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var network = new NetworkStream(socket, ownsSocket: true);
        if (endpoint.IsUnix || options.Tls is null) return network;
        var tls = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            var auth = options.Tls;
            if (string.IsNullOrEmpty(auth.TargetHost))
            {
                auth = new SslClientAuthenticationOptions
                {
                    TargetHost = endpoint.Host,
                    RemoteCertificateValidationCallback = auth.RemoteCertificateValidationCallback,
                    ClientCertificates = auth.ClientCertificates,
                    EnabledSslProtocols = auth.EnabledSslProtocols,
                    CertificateRevocationCheckMode = auth.CertificateRevocationCheckMode,
                };
            }
            await tls.AuthenticateAsClientAsync(auth, cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // The negotiate request goes out in JSON before the read loop starts, so its answer is the very next frame.
    private async Task NegotiateAsync(AgenkitCodec wanted, CancellationToken cancellationToken)
    {
        var request = AgenkitNegotiation.CreateRequest(NewId(), [wanted, AgenkitCodec.Json]);
        await WriteAsync(request, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var read = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            var status = AgenkitFraming.TryReadFrame(ref buffer, _maxFrameBytes, out var body, out _);
            if (status == AgenkitFrameStatus.Complete)
            {
                var decoded = AgenkitEnvelopeCodec.Decode(body, AgenkitCodec.Json);
                _reader.AdvanceTo(buffer.Start);
                // agenkit's own server answers an unknown method with an error: the connection stays on JSON.
                Codec = decoded.Envelope is { } answer && answer.Id == request.Id ? AgenkitNegotiation.ReadAnswer(answer) : AgenkitCodec.Json;
                return;
            }
            if (status == AgenkitFrameStatus.TooLarge || read.IsCompleted)
            {
                throw new IOException("the peer closed the connection or sent an oversized frame while negotiating the codec");
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>A fresh request id, unique on this connection.</summary>
    public string NewId() => "r" + Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Sends <paramref name="request"/> and returns the reader of the frames answered with its id. The call ends
    /// at response, error or stream_end; dispose the returned handle to abandon it early.
    /// </summary>
    /// <exception cref="AgenkitRemoteException">CONNECTION_CLOSED when the connection is gone; MESSAGE_TOO_LARGE (nothing sent).</exception>
    public async Task<AgenkitCall> StartAsync(AgenkitEnvelope request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_accessToken?.Invoke() is { Length: > 0 } token) request = AgenkitTokenField.With(request, token);
        var call = new PendingCall(request.Id, _streamBuffer);
        if (!_pending.TryAdd(request.Id, call)) throw new ArgumentException("a request with id '" + request.Id + "' is in flight", nameof(request));
        if (!IsOpen)
        {
            _pending.TryRemove(request.Id, out _);
            throw ClosedError();
        }
        try
        {
            await WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _pending.TryRemove(request.Id, out _);
            throw;
        }
        return new AgenkitCall(this, call);
    }

    /// <summary>Sends one envelope and returns the one that answers it (response or error, as an exception).</summary>
    public async Task<AgenkitEnvelope> CallAsync(AgenkitEnvelope request, CancellationToken cancellationToken = default)
    {
        await using var call = await StartAsync(request, cancellationToken).ConfigureAwait(false);
        return await call.ReadAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new AgenkitRemoteException(AgenkitErrorCodes.InvalidMessage, "the call ended without an answer");
    }

    internal void Abandon(PendingCall call)
    {
        _pending.TryRemove(new KeyValuePair<string, PendingCall>(call.Id, call));
        call.Complete();
    }

    private async Task WriteAsync(AgenkitEnvelope envelope, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _writeBuffer.ResetWrittenCount();
            if (!AgenkitFraming.TryWriteFrame(_writeBuffer, envelope, Codec, _maxFrameBytes))
            {
                throw new AgenkitRemoteException(AgenkitErrorCodes.MessageTooLarge, $"the request is over the {_maxFrameBytes}-byte frame limit; nothing was sent");
            }
            // Once bytes start to go out, a half-written frame would desynchronise the stream: finish it regardless.
            await _stream.WriteAsync(_writeBuffer.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
            await _stream.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            var error = new AgenkitRemoteException(AgenkitErrorCodes.ConnectionClosed, "the connection to " + Endpoint + " failed while sending: " + ex.Message, null, ex);
            Fail(error);
            throw error;
        }
        finally
        {
            _writeLock.Release();
            if (_writeBuffer.Capacity > 1 << 20) _writeBuffer.Clear();
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception reason = new AgenkitRemoteException(AgenkitErrorCodes.ConnectionClosed, "the peer closed the connection to " + Endpoint);
        try
        {
            while (true)
            {
                var read = await _reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = read.Buffer;
                while (true)
                {
                    var status = AgenkitFraming.TryReadFrame(ref buffer, _maxFrameBytes, out var body, out var announced);
                    if (status == AgenkitFrameStatus.Incomplete) break;
                    if (status == AgenkitFrameStatus.TooLarge)
                    {
                        reason = new AgenkitRemoteException(AgenkitErrorCodes.MessageTooLarge, $"the peer announced a {announced}-byte frame, over the {_maxFrameBytes}-byte limit");
                        return;
                    }
                    var decoded = AgenkitEnvelopeCodec.Decode(body, Codec);
                    if (decoded.Envelope is null)
                    {
                        reason = AgenkitRemoteException.FromError(decoded.Error!);
                        return;
                    }
                    await DispatchAsync(decoded.Envelope).ConfigureAwait(false);
                }
                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted) return;
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            reason = new AgenkitRemoteException(AgenkitErrorCodes.ConnectionClosed, "the connection was closed by this side");
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            reason = new AgenkitRemoteException(AgenkitErrorCodes.ConnectionClosed, "the connection to " + Endpoint + " failed: " + ex.Message, null, ex);
        }
        finally
        {
            Fail(reason);
        }
    }

    private async ValueTask DispatchAsync(AgenkitEnvelope envelope)
    {
        if (!_pending.TryGetValue(envelope.Id, out var call))
        {
            // An error no call of ours owns (the peer could not read an id): it speaks for the whole connection.
            if (envelope.Type == AgenkitMessageType.Error && envelope.Id == AgenkitProtocol.UnknownId)
            {
                Fail(AgenkitRemoteException.FromError(AgenkitError.FromPayload(envelope.Payload)));
            }
            return;   // a late answer to an abandoned call
        }
        await call.DeliverAsync(envelope, _closing.Token).ConfigureAwait(false);
        if (envelope.Type is AgenkitMessageType.Response or AgenkitMessageType.Error or AgenkitMessageType.StreamEnd)
        {
            _pending.TryRemove(new KeyValuePair<string, PendingCall>(envelope.Id, call));
            call.Complete();
        }
    }

    private void Fail(Exception reason)
    {
        if (!_closed.TrySetResult(reason)) return;
        foreach (var call in _pending.Values) call.Complete(reason);
        _pending.Clear();
        _closing.Cancel();
        // Closing the stream wakes a reader blocked in the socket, so the loop ends promptly.
        _stream.Dispose();
    }

    private AgenkitRemoteException ClosedError() => _closed.Task.IsCompletedSuccessfully && _closed.Task.Result is AgenkitRemoteException { Code: var code } closed
        ? new AgenkitRemoteException(AgenkitErrorCodes.IsRetryable(code) ? code : AgenkitErrorCodes.ConnectionClosed, closed.Message)
        : new AgenkitRemoteException(AgenkitErrorCodes.ConnectionClosed, "the connection to " + Endpoint + " is closed");

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Fail(new AgenkitRemoteException(AgenkitErrorCodes.ConnectionClosed, "the connection was closed by this side"));
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
        await _reader.CompleteAsync().ConfigureAwait(false);
        // _writeLock is left to the GC: a caller racing the close may still be waiting on it, and must get
        // CONNECTION_CLOSED from the failed write, not ObjectDisposedException from the lock.
        _closing.Dispose();
    }
}
