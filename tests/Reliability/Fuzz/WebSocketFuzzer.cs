using System.Net.WebSockets;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// Sends fuzzed messages over real WebSocket connections: connect (and handshake) with <c>connect</c>, send mutated
/// messages until the server closes, reconnect, until <c>count</c> are sent. A background loop reads everything the
/// server answers and hands each message to <c>classify</c> (which returns a failure text or null). A close with
/// 1011 (the server's internal error) is a failure; protocol closes (1002, 1007, 1008, 1009, 4xxx) and normal
/// closes are the expected endings.
/// </summary>
public static class WebSocketFuzzer
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(LiveFuzzStats stats, Func<CancellationToken, Task<ClientWebSocket>> connect, WebSocketMessageType type,
        FuzzMutator mutator, long count, Func<byte[], LiveFuzzStats, string?> classify, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(connect);
        ArgumentNullException.ThrowIfNull(mutator);
        ArgumentNullException.ThrowIfNull(classify);
        var connectFailures = 0;
        while (stats.Sent < count && !cancellationToken.IsCancellationRequested)
        {
            ClientWebSocket socket;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(15));
                socket = await connect(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                // A well-formed connect failing is the server not serving: a failure once it repeats.
                if (++connectFailures == 20) stats.Fail($"20 connects failed, last: {ex.GetType().Name}: {ex.Message}");
                if (connectFailures >= 20) return;
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
                continue;
            }
            connectFailures = 0;
            stats.AddConnection();
            using (socket)
            {
                var receive = DrainAsync(socket, stats, classify);
                while (stats.Sent < count && socket.State == WebSocketState.Open && !receive.IsCompleted)
                {
                    var frame = mutator.Next();
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(SendTimeout);
                    try
                    {
                        await socket.SendAsync(frame, type, true, timeout.Token).ConfigureAwait(false);
                        stats.AddSent();
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        stats.Fail($"a send stalled for {SendTimeout.TotalSeconds:F0} s (the server stopped reading)");
                        break;
                    }
                    catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
                    {
                        break;
                    }
                }
                if (socket.State == WebSocketState.Open)
                {
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
                if (await Task.WhenAny(receive, Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None)).ConfigureAwait(false) != receive)
                {
                    stats.Fail("the server neither answered a close nor closed within 10 s");
                    socket.Abort();
                }
            }
        }
    }

    private static async Task DrainAsync(ClientWebSocket socket, LiveFuzzStats stats, Func<byte[], LiveFuzzStats, string?> classify)
    {
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
                    stats.Ended(((int?)status)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none");
                    if (status == WebSocketCloseStatus.InternalServerError) stats.Fail("closed 1011 (internal error): " + socket.CloseStatusDescription);
                    else if (status is not (WebSocketCloseStatus.NormalClosure or WebSocketCloseStatus.EndpointUnavailable)) stats.AddProtocolError();
                    return;
                }
                if (message.Length + result.Count <= 4 << 20) message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                stats.AddServerMessage();
                if (classify(message.ToArray(), stats) is { } failure) stats.Fail(failure);
                message.SetLength(0);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            stats.AddAborted();
            stats.Ended("aborted");
        }
    }
}
