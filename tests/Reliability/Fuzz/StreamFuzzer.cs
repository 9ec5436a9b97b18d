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
        long probes = 0;
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
            using var answered = new SemaphoreSlim(0);
            var receive = DrainAsync(socket, stats, answered);
            var output = new ArrayBufferWriter<byte>(4096);
            while (stats.Sent < count && !receive.IsCompleted)
            {
                // Raw framing bytes may leave the server waiting for the rest of a frame: they end the connection
                // (half-close), and the server must then close too. A fuzzed body behind a correct header is followed
                // by a probe whose answer proves the server handled it.
                var rawFrame = pick.Next(5) == 0;
                output.ResetWrittenCount();
                var input = rawFrame ? raw.Next() : bodies.Next();
                if (rawFrame) output.Write(input);
                else AgenkitFraming.WriteFrame(output, input);
                if (!rawFrame) AgenkitFraming.WriteFrame(output, Probe(probes++));
                if (!await SendAsync(socket, output.WrittenMemory, stats, cancellationToken).ConfigureAwait(false)) break;
                stats.AddSent();
                if (rawFrame) break;
                var waiting = answered.WaitAsync(WebSocketFuzzer.ProbeTimeout, cancellationToken);
                if (await Task.WhenAny(waiting, receive).ConfigureAwait(false) == receive) break;
                if (!await waiting.ConfigureAwait(false))
                {
                    stats.Fail($"no answer to a probe within {WebSocketFuzzer.ProbeTimeout.TotalSeconds:F0} s after a fuzzed body, saved to {WebSocketFuzzer.Save(stats.Dialect, input)}");
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

    /// <summary>A request for an unknown method: answered with an error envelope carrying the probe's id.</summary>
    private static byte[] Probe(long n) =>
        System.Text.Encoding.UTF8.GetBytes("{\"version\":\"1.0\",\"type\":\"request\",\"id\":\"probe-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\",\"payload\":{\"method\":\"fuzz_probe\"}}");

    private static async Task<bool> SendAsync(Socket socket, ReadOnlyMemory<byte> bytes, LiveFuzzStats stats, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(WebSocketFuzzer.ProbeTimeout);
        try
        {
            await socket.SendAsync(bytes, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            stats.Fail("a send stalled (the server stopped reading)");
            return false;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }

    private static async Task DrainAsync(Socket socket, LiveFuzzStats stats, SemaphoreSlim answered)
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
                    // A fuzzed negotiate may have switched the connection to MessagePack.
                    var decoded = AgenkitEnvelopeCodec.Decode(body);
                    if (!decoded.Success) decoded = AgenkitEnvelopeCodec.Decode(body, AgenkitCodec.MessagePack);
                    if (!decoded.Success)
                    {
                        stats.AddServerMessage();
                        stats.Fail("the server sent a frame that does not decode");
                    }
                    else if (decoded.Envelope!.Id.StartsWith("probe-", StringComparison.Ordinal))
                    {
                        answered.Release();
                    }
                    else
                    {
                        stats.AddServerMessage();
                        if (decoded.Envelope.Type == AgenkitMessageType.Error) stats.AddProtocolError();
                    }
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
