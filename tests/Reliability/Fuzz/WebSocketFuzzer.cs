using System.Globalization;
using System.Net.WebSockets;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// Sends fuzzed messages over real WebSocket connections: connect (and handshake), then per fuzzed message send it
/// and a probe and wait for the probe's answer or the connection's end; reconnect when the server ends it, until
/// <c>count</c> are sent. A background loop reads everything the server sends and judges it. Failures: a close
/// with 1011 (the server's internal error), no answer to a probe within <see cref="ProbeTimeout"/> while the
/// connection stays open (the fuzzed message before it is saved), a send that stalls.
/// </summary>
public static class WebSocketFuzzer
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(LiveDialect dialect, long count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var stats = dialect.Stats;
        var connectFailures = 0;
        long probes = 0;
        while (stats.Sent < count && !cancellationToken.IsCancellationRequested)
        {
            ClientWebSocket socket;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(15));
                socket = await dialect.Connect(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or InvalidOperationException or InvalidDataException
                && !cancellationToken.IsCancellationRequested)
            {
                // A well-formed connect failing is the server not serving: a failure once it repeats.
                if (++connectFailures == 20) stats.Fail($"20 connects in a row failed, last: {ex.GetType().Name}: {ex.Message}");
                if (connectFailures >= 20) return;
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
                continue;
            }
            connectFailures = 0;
            stats.AddConnection();
            using (socket)
            {
                using var answered = new SemaphoreSlim(0);
                var receive = DrainAsync(socket, dialect, answered);
                while (stats.Sent < count && socket.State == WebSocketState.Open && !receive.IsCompleted)
                {
                    var frame = dialect.Mutator.Next();
                    if (!await SendAsync(socket, frame, frame, dialect.MessageType, stats, cancellationToken).ConfigureAwait(false)) break;
                    stats.AddSent();
                    if (!await SendAsync(socket, dialect.Probe(probes++), frame, dialect.MessageType, stats, cancellationToken).ConfigureAwait(false)) break;
                    var waiting = answered.WaitAsync(ProbeTimeout, cancellationToken);
                    if (await Task.WhenAny(waiting, receive).ConfigureAwait(false) == receive) break;
                    if (!await waiting.ConfigureAwait(false))
                    {
                        stats.Fail($"no answer to a probe within {ProbeTimeout.TotalSeconds:F0} s after a fuzzed message, saved to {Save(stats.Dialect, frame)}");
                        break;
                    }
                }
                await CloseAsync(socket).ConfigureAwait(false);
                if (await Task.WhenAny(receive, Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None)).ConfigureAwait(false) != receive)
                {
                    stats.Fail("the server neither answered a close nor closed within 10 s");
                    socket.Abort();
                }
            }
        }
    }

    private static async Task<bool> SendAsync(ClientWebSocket socket, byte[] frame, byte[] fuzzed, WebSocketMessageType type, LiveFuzzStats stats, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await socket.SendAsync(frame, type, true, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            stats.Fail($"a send of {frame.Length} bytes stalled for {ProbeTimeout.TotalSeconds:F0} s (the server stopped reading); the fuzzed message saved to {Save(stats.Dialect, fuzzed)}");
            return false;
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Includes the OperationCanceledException a ClientWebSocket throws, without any token cancelled, for a write
            // that failed (a reset) after its receive side aborted the socket: the connection ended, nothing stalled.
            return false;
        }
    }

    private static async Task CloseAsync(ClientWebSocket socket)
    {
        // Open: we close first; CloseReceived: the server closed and waits for our close frame to end the handshake.
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
        {
            // Closed meanwhile: the drain loop records how.
        }
    }

    private static async Task DrainAsync(ClientWebSocket socket, LiveDialect dialect, SemaphoreSlim answered)
    {
        var stats = dialect.Stats;
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    var status = socket.CloseStatus;
                    stats.Ended(((int?)status)?.ToString(CultureInfo.InvariantCulture) ?? "none");
                    if (status == WebSocketCloseStatus.InternalServerError) stats.Fail("closed 1011 (internal error): " + socket.CloseStatusDescription);
                    else if (status is not (WebSocketCloseStatus.NormalClosure or WebSocketCloseStatus.EndpointUnavailable)) stats.AddProtocolError();
                    return;
                }
                if (message.Length + result.Count <= 4 << 20) message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var bytes = message.ToArray();
                message.SetLength(0);
                if (dialect.IsProbeAnswer(bytes))
                {
                    answered.Release();
                    continue;
                }
                stats.AddServerMessage();
                if (dialect.Classify(bytes, stats) is { } failure) stats.Fail(failure);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            stats.AddAborted();
            stats.Ended("aborted");
        }
    }

    /// <summary>Saves a fuzzed message that left the server silent, for reproduction.</summary>
    public static string Save(string dialect, byte[] frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Directory.CreateDirectory(FuzzEngine.FindingsDirectory);
        var path = Path.Combine(FuzzEngine.FindingsDirectory, $"live-{dialect}-{DateTime.UtcNow:HHmmssfff}.bin");
        File.WriteAllBytes(path, frame);
        return path;
    }
}
