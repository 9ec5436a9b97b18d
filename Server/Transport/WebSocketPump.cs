using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;

namespace AgentPlatform.Server.Transport;

/// <summary>
/// The one WebSocket receive loop of the platform's servers: it fills a pipe with the messages the socket receives
/// (framed by <see cref="InboundMessages"/>), the way SignalR's WebSocket transport fills its connection's pipe, and
/// the engine reads them from the other end. It enforces the size limit while receiving, so an oversized message
/// never sits in memory whole. The pipe completes when the peer closes, and completes with the error when the socket
/// fails; a message over the limit is reported as <see cref="MessageKind.TooLarge"/> and ends the pump.
/// </summary>
public sealed class WebSocketPump
{
    // With the 5-byte header a receive fills exactly one 4 KiB pooled block (4096 + 5 would rent 8 KiB).
    private const int ReceiveChunk = 4096 - InboundMessages.HeaderSize;
    private readonly WebSocket _socket;
    private readonly int _maxMessageBytes;
    private readonly Pipe _pipe;
    private bool _busy;

    public WebSocketPump(WebSocket socket, int maxMessageBytes)
    {
        _socket = socket ?? throw new ArgumentNullException(nameof(socket));
        _maxMessageBytes = maxMessageBytes;
        var pause = Math.Max(64 * 1024, (long)maxMessageBytes * 2 + InboundMessages.HeaderSize);
        // Inline schedulers: the engine handles a message on the thread that received it, with no hop to the pool,
        // exactly as a hand-written receive loop would; the pause threshold gives backpressure onto TCP.
        _pipe = new Pipe(new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: pause, resumeWriterThreshold: pause / 2, useSynchronizationContext: false));
    }

    /// <summary>Where the engine reads messages.</summary>
    public PipeReader Input => _pipe.Reader;

    /// <summary>True when the pump ended because the peer sent a close frame (not a failure, not a limit).</summary>
    public bool PeerClosed { get; private set; }

    /// <summary>Receives until the peer closes, the socket fails or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var writer = _pipe.Writer;
        Exception? error = null;
        try
        {
            while (true)
            {
                var more = await ReceiveOneAsync(writer, cancellationToken).ConfigureAwait(false);
                var flushed = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (!more || flushed.IsCompleted) break;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            error = ex;
        }
        await writer.CompleteAsync(error).ConfigureAwait(false);
    }

    /// <summary>Receives one message into the pipe; false when the pump must stop (closed, or too large).</summary>
    private async ValueTask<bool> ReceiveOneAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        if (!_busy)
        {
            // A zero-byte receive first (as SignalR and Kestrel do): an idle connection waits here holding no buffer,
            // and the pipe's block is rented only once a message has begun to arrive. Control frames are answered meanwhile.
            var pending = _socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken);
            // Complete at once: the next message was already buffered behind this one (a busy link, such as a provider
            // streaming), so the next receives go straight into the pipe until one has to wait.
            _busy = pending.IsCompleted;
            var waited = await pending.ConfigureAwait(false);
            if (waited.MessageType == WebSocketMessageType.Close)
            {
                PeerClosed = true;
                return false;
            }
            if (waited.EndOfMessage)
            {
                // An empty message ended in the zero-byte receive itself.
                InboundMessages.Write(writer, waited.MessageType == WebSocketMessageType.Text ? MessageKind.Text : MessageKind.Binary, []);
                return true;
            }
        }
        // Fast path: a message that arrives in one receive is written in place, header first, with no extra copy.
        var memory = writer.GetMemory(InboundMessages.HeaderSize + ReceiveChunk);
        var room = Math.Min(memory.Length - InboundMessages.HeaderSize, _maxMessageBytes + 1);
        var receiving = _socket.ReceiveAsync(memory.Slice(InboundMessages.HeaderSize, room), cancellationToken);
        // It waits holding the block: the link went quiet, so the next message starts with a zero-byte receive again.
        if (!receiving.IsCompleted) _busy = false;
        var result = await receiving.ConfigureAwait(false);
        if (result.MessageType == WebSocketMessageType.Close)
        {
            PeerClosed = true;
            return false;
        }
        var kind = result.MessageType == WebSocketMessageType.Text ? MessageKind.Text : MessageKind.Binary;
        if (result.Count > _maxMessageBytes) return TooLarge(writer);
        if (result.EndOfMessage)
        {
            InboundMessages.WriteHeader(memory.Span, kind, result.Count);
            writer.Advance(InboundMessages.HeaderSize + result.Count);
            return true;
        }
        // Slow path: a message spread over several receives is assembled first, then written whole.
        var assembled = new ArrayBufferWriter<byte>(Math.Max(2 * result.Count, ReceiveChunk));
        assembled.Write(memory.Span.Slice(InboundMessages.HeaderSize, result.Count));
        while (!result.EndOfMessage)
        {
            var next = assembled.GetMemory(ReceiveChunk);
            result = await _socket.ReceiveAsync(next, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                PeerClosed = true;
                return false;
            }
            assembled.Advance(result.Count);
            if (assembled.WrittenCount > _maxMessageBytes) return TooLarge(writer);
        }
        InboundMessages.Write(writer, kind, assembled.WrittenSpan);
        return true;
    }

    private static bool TooLarge(PipeWriter writer)
    {
        InboundMessages.Write(writer, MessageKind.TooLarge, []);
        return false;
    }
}
