using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace AgentPlatform.Reliability.Load;

/// <summary>
/// A Web PubSub sender and a receiver joined to one group (on different Relay replicas when there are two, so the
/// messages cross the backplane). The sender numbers its messages; a message the Relay acknowledged with success while
/// the receiver was connected throughout must reach the receiver: otherwise it is counted lost.
/// </summary>
public sealed class WpsGroupLoad(Uri senderRelay, Uri receiverRelay, string accessKey, LoadRecorder recorder)
{
    private const string Hub = "reliability";
    private const string Stream = "wps";
    private readonly string _group = "g" + Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentDictionary<long, byte> _received = new();
    private readonly ConcurrentDictionary<long, int> _acked = new();
    private int _receiverGeneration;
    private bool _receiverUp;
    private long _duplicates;

    public long Sent { get; private set; }

    public long Acked => _acked.Count;

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public async Task RunAsync(TimeSpan pause, CancellationToken stop)
    {
        var receiver = Task.Run(() => ReceiveAsync(stop), CancellationToken.None);
        WpsLink? sender = null;
        long n = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    sender ??= await WpsLink.ConnectAsync(senderRelay, accessKey, Hub, _ => { }, stop).ConfigureAwait(false);
                    var generation = Volatile.Read(ref _receiverGeneration);
                    var up = Volatile.Read(ref _receiverUp);
                    var id = ++n;
                    Sent++;
                    if (await sender.SendToGroupAsync(_group, new JsonObject { ["n"] = id }, stop).ConfigureAwait(false))
                    {
                        // Counted only if the receiver was there for the whole send.
                        _acked[id] = up && generation == Volatile.Read(ref _receiverGeneration) && Volatile.Read(ref _receiverUp) ? generation : -1;
                        recorder.Success(Stream);
                    }
                    else
                    {
                        recorder.Failure(Stream, "ACK_FAILED");
                    }
                }
                catch (Exception ex) when (!stop.IsCancellationRequested && ex is not OutOfMemoryException)
                {
                    // Any way the connection can break (closed, aborted, refused): a failed send, then a new connection.
                    recorder.Failure(Stream, ex is TimeoutException ? "NO_ACK_IN_5S" : "SENDER_DISCONNECTED " + ex.GetType().Name);
                    if (sender is not null) await sender.DisposeAsync().ConfigureAwait(false);
                    sender = null;
                    await Task.Delay(200, stop).ConfigureAwait(false);
                }
                await Task.Delay(pause, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            if (sender is not null) await sender.DisposeAsync().ConfigureAwait(false);
            await receiver.ConfigureAwait(false);
        }
    }

    /// <summary>Acknowledged messages the receiver (connected throughout) has not seen; wait a moment before asking.</summary>
    public long Lost() => _acked.Count(a => a.Value >= 0 && !_received.ContainsKey(a.Key));

    private async Task ReceiveAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            WpsLink? link = null;
            try
            {
                link = await WpsLink.ConnectAsync(receiverRelay, accessKey, Hub, OnData, stop).ConfigureAwait(false);
                if (!await link.JoinAsync(_group, stop).ConfigureAwait(false)) throw new IOException("join refused");
                Volatile.Write(ref _receiverUp, true);
                await link.Completion.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Dropped, refused or the load is over: the loop condition decides.
                if (!stop.IsCancellationRequested) await Task.Delay(200, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _receiverUp, false);
                Interlocked.Increment(ref _receiverGeneration);
                if (link is not null)
                {
                    // Give messages already on their way a moment before this receiver goes.
                    if (stop.IsCancellationRequested) await Task.Delay(500, CancellationToken.None).ConfigureAwait(false);
                    await link.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private void OnData(JsonNode? data)
    {
        if (data?["n"]?.GetValue<long>() is not { } n) return;
        if (!_received.TryAdd(n, 0)) Interlocked.Increment(ref _duplicates);
    }
}
