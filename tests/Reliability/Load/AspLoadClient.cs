using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Reliability.Load;

/// <summary>
/// One asp-v1 client of the steady load: a reliable session invoking one agent in a loop. For <c>conversation</c> it
/// checks every turn against what it said before: each earlier completed input must still be in the history, in
/// order (a failed turn may or may not have been saved, so extra entries are allowed; missing ones are not).
/// A client that gives up reconnecting is replaced, which starts a new conversation (noted, not hidden).
/// </summary>
public sealed class AspLoadClient(string stream, Uri url, string token, string agent, LoadRecorder recorder)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(20);
    private readonly List<string> _completed = [];
    private AgentSocketClient? _client;
    private string? _session;

    public string Stream { get; } = stream;

    /// <summary>Sessions this client had to start afresh (the old one could not be resumed or the client was replaced).</summary>
    public int SessionsLost { get; private set; }

    /// <summary>Reconnects (resumed or not) over every client this stream used.</summary>
    public int Reconnects { get; private set; }

    /// <summary>Calls until <paramref name="stop"/> fires, one at a time, <paramref name="pause"/> apart.</summary>
    public async Task RunAsync(TimeSpan pause, CancellationToken stop)
    {
        var n = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await CallOnceAsync(++n, stop).ConfigureAwait(false);
                await Task.Delay(pause, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            await DropClientAsync().ConfigureAwait(false);
        }
    }

    private async Task CallOnceAsync(int n, CancellationToken stop)
    {
        var client = await EnsureClientAsync(stop).ConfigureAwait(false);
        if (client is null) return;
        var said = $"{Stream}-{n}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(CallTimeout);
        try
        {
            var events = await client.InvokeAllAsync(agent, said, deadline.Token).ConfigureAwait(false);
            NoteSession(client);
            var chunk = events.OfType<ChunkEvent>().LastOrDefault();
            if (events.Count == 0 || events[^1] is not CompleteEvent || chunk is null)
            {
                recorder.Failure(Stream, "NO_COMPLETE");
                return;
            }
            if (agent == "conversation") CheckHistory(chunk.Data, said);
            _completed.Add(said);
            recorder.Success(Stream);
        }
        catch (AgentSocketException ex)
        {
            NoteSession(client);
            recorder.Failure(Stream, ex.Code + (ex.Retryable ? " retryable" : " final"));
            if (!ex.Retryable) recorder.Violation($"{Stream}: non-retryable {ex.Code} during the fault");
            if (ex.Code == AgentSocketException.ConnectionLost && ex.Message.Contains("could not reconnect", StringComparison.Ordinal)) await DropClientAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            recorder.Failure(Stream, "NO_ANSWER_IN_20S");
            recorder.Violation($"{Stream}: a call got no answer within {CallTimeout.TotalSeconds:F0} s");
            await DropClientAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (!stop.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            // Not an error the SDK describes (a socket failure surfacing raw): a failed call, and a fresh client.
            recorder.Failure(Stream, "CLIENT_" + ex.GetType().Name);
            await DropClientAsync().ConfigureAwait(false);
        }
    }

    private void CheckHistory(MsgPackValue chunk, string said)
    {
        if (!chunk.TryGetValue("history", out var history) || history.Kind != MsgPackValueKind.Array)
        {
            recorder.Violation($"{Stream}: a conversation chunk without history");
            return;
        }
        var seen = history.AsArray().Select(v => v.Kind == MsgPackValueKind.String ? v.AsString() : "").ToList();
        // The agent keeps the last 50 inputs; compare what fits.
        var expected = _completed.TakeLast(40).Append(said).ToList();
        var at = 0;
        foreach (var s in seen)
        {
            if (at < expected.Count && s == expected[at]) at++;
        }
        if (at < expected.Count) recorder.Violation($"{Stream}: turn '{said}' lost history ({expected.Count - at} of {expected.Count} earlier inputs missing)");
    }

    private void NoteSession(AgentSocketClient client)
    {
        if (_session is not null && client.SessionId != _session)
        {
            SessionsLost++;
            _completed.Clear();
        }
        _session = client.SessionId;
    }

    private async Task<AgentSocketClient?> EnsureClientAsync(CancellationToken stop)
    {
        if (_client is not null) return _client;
        try
        {
            _client = await AgentSocketClient.ConnectAsync(url, new AgentSocketClientOptions { Token = token, Reliable = true }, stop).ConfigureAwait(false);
            if (_session is not null)
            {
                // A new client is a new session: the old conversation cannot be continued from here.
                SessionsLost++;
                _completed.Clear();
            }
            _session = _client.SessionId;
            return _client;
        }
        catch (Exception ex) when (!stop.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            recorder.Failure(Stream, "CONNECT_FAILED");
            await Task.Delay(250, stop).ConfigureAwait(false);
            return null;
        }
    }

    private async Task DropClientAsync()
    {
        if (_client is null) return;
        Reconnects += _client.Reconnects;
        try
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Already broken: nothing to close politely.
        }
        _client = null;
    }

    /// <summary>Reconnects including the current client's.</summary>
    public int TotalReconnects => Reconnects + (_client?.Reconnects ?? 0);
}
