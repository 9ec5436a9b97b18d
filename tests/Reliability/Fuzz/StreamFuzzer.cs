using System.Buffers;
using System.Net.Sockets;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// Sends fuzzed agenkit frames over real stream sockets (TCP or Unix): mostly a mutated envelope body behind a correct
/// 4-byte header, sometimes raw mutated framing bytes (wrong, zero or huge lengths); reconnects when the server ends
/// the connection, until <c>count</c> are sent. A background loop reads and decodes whatever frames come back; an
/// answer that does not decode is a failure.
/// </summary>
public static class StreamFuzzer
{
    public static async Task RunAsync(LiveFuzzStats stats, Func<Socket> create, System.Net.EndPoint endpoint, FuzzMutator bodies,
        FuzzMutator raw, long count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(bodies);
        ArgumentNullException.ThrowIfNull(raw);
        var connectFailures = 0;
        var pick = new Random(17);
        while (stats.Sent < count && !cancellationToken.IsCancellationRequested)
        {
            using var socket = create();
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                await socket.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (++connectFailures == 20) stats.Fail($"20 connects failed, last: {ex.Message}");
                if (connectFailures >= 20) return;
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
                continue;
            }
            connectFailures = 0;
            stats.AddConnection();
            var receive = DrainAsync(socket, stats);
            var output = new ArrayBufferWriter<byte>(4096);
            while (stats.Sent < count && !receive.IsCompleted)
            {
                output.ResetWrittenCount();
                if (pick.Next(5) == 0) output.Write(raw.Next());
                else AgenkitFraming.WriteFrame(output, bodies.Next());
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                try
                {
                    await socket.SendAsync(output.WrittenMemory, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                    stats.AddSent();
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    stats.Fail("a send stalled for 10 s (the server stopped reading)");
                    break;
                }
                catch (SocketException)
                {
                    break;
                }
            }
            try
            {
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // Already reset by the server: the drain loop records it.
            }
            if (await Task.WhenAny(receive, Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None)).ConfigureAwait(false) != receive)
            {
                stats.Fail("the server kept a half-closed connection open for 10 s");
            }
        }
    }

    private static async Task DrainAsync(Socket socket, LiveFuzzStats stats)
    {
        var buffer = new byte[64 * 1024];
        var pending = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (n == 0)
                {
                    stats.Ended("eof");
                    return;
                }
                pending.Write(buffer.AsSpan(0, n));
                var sequence = new ReadOnlySequence<byte>(pending.WrittenMemory);
                var consumed = 0L;
                while (AgenkitFraming.TryReadFrame(ref sequence, AgenkitProtocol.DefaultMaxFrameBytes, out var body, out _) == AgenkitFrameStatus.Complete)
                {
                    stats.AddServerMessage();
                    // A fuzzed negotiate may have switched the connection to MessagePack.
                    var decoded = AgenkitEnvelopeCodec.Decode(body);
                    if (!decoded.Success) decoded = AgenkitEnvelopeCodec.Decode(body, AgenkitCodec.MessagePack);
                    if (!decoded.Success) stats.Fail("the server sent a frame that does not decode");
                    else if (decoded.Envelope!.Type == AgenkitMessageType.Error) stats.AddProtocolError();
                    consumed = pending.WrittenCount - sequence.Length;
                }
                if (consumed > 0)
                {
                    var rest = pending.WrittenSpan[(int)consumed..].ToArray();
                    pending.ResetWrittenCount();
                    pending.Write(rest);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            stats.AddAborted();
            stats.Ended("reset");
        }
    }
}
