using System.Collections.Concurrent;
using System.Security.Cryptography;
using AgentPlatform.Server.Delivery;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Server.AspV1.Connections;

/// <summary>
/// Sessions kept by the hosting process itself (the in-process endpoint; engine tests): a table by resume token. A
/// reliable session outlives its socket for the resume window; its frames wait in the same <see cref="ConnectionOutbox"/> the Relay uses, and a resume replays them.
/// </summary>
public sealed class LocalSessions(OutboxOptions outbox, TimeSpan resumeWindow, TimeProvider time) : IAspV1Sessions
{
    private readonly ConcurrentDictionary<string, LocalConnection> _byResumeToken = new(StringComparer.Ordinal);

    /// <summary>Sessions alive (connected or waiting for a resume).</summary>
    public int Count => _byResumeToken.Count;

    public Task<IAspV1Connection> OpenAsync(AspV1SessionRequest request, IFrameTransport transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var connection = new LocalConnection("c-" + RandomHex(8), "s-" + RandomHex(10), request.UserId,
            new ConnectionOutbox(request.Reliable, outbox));
        if (request.Reliable)
        {
            connection.ResumeToken = RandomHex(24);
            _byResumeToken[connection.ResumeToken] = connection;
        }
        connection.SwapTransport(transport);
        connection.Outbox.Attach(transport);
        return Task.FromResult<IAspV1Connection>(connection);
    }

    public ResumeOutcome TryResume(string resumeToken, long lastReceived, string? userId, IFrameTransport transport,
        Func<IAspV1Connection, string, OutboundFrame> preamble, out IAspV1Connection? connection)
    {
        ArgumentNullException.ThrowIfNull(preamble);
        connection = null;
        if (!_byResumeToken.TryGetValue(resumeToken, out var found) || found.IsClosed) return ResumeOutcome.Closed;
        if (!SessionUsers.MayResume(found.UserId, userId)) return ResumeOutcome.OtherUser;
        var newToken = RandomHex(24);
        var first = preamble(found, newToken);
        IFrameTransport? old;
        lock (found.Transitions)
        {
            // A token resumes once: a second resume with it (a duplicated client) finds it rotated already.
            if (found.IsClosed || found.ResumeToken != resumeToken) return ResumeOutcome.Closed;
            old = found.SwapTransport(transport);
            var outcome = found.Outbox.Attach(transport, lastReceived, first);
            if (outcome != ResumeOutcome.Resumed)
            {
                found.SwapTransport(old);
                return outcome;
            }
            _byResumeToken.TryRemove(resumeToken, out _);
            found.ResumeToken = newToken;
            _byResumeToken[newToken] = found;
        }
        old?.Abort();
        connection = found;
        return ResumeOutcome.Resumed;
    }

    public void TransportLost(IAspV1Connection connection, IFrameTransport transport)
    {
        var local = (LocalConnection)connection;
        lock (local.Transitions)
        {
            // Checked and acted on together: a resume in between would otherwise lose its new socket to this detach.
            if (!ReferenceEquals(local.Transport, transport) || local.IsClosed) return;
            if (local.Outbox.Reliable)
            {
                local.SwapTransport(null);
                local.Outbox.Detach();
            }
        }
        if (!local.Outbox.Reliable)
        {
            Close(local, "transport closed", Protocol.CloseCodes.Normal);
            return;
        }
        var timer = time.CreateTimer(static s =>
        {
            var (sessions, c) = ((LocalSessions, LocalConnection))s!;
            sessions.CloseCore(c, "resume window expired", Protocol.CloseCodes.Normal, onlyIfDetached: true);
        }, (this, local), resumeWindow, Timeout.InfiniteTimeSpan);
        local.Closed.Register(static t => ((ITimer)t!).Dispose(), timer);
    }

    public void Close(IAspV1Connection connection, string reason, int closeCode) => CloseCore(connection, reason, closeCode, onlyIfDetached: false);

    /// <summary>With <paramref name="onlyIfDetached"/>: only a session still waiting for its resume (decided under the lock).</summary>
    private void CloseCore(IAspV1Connection connection, string reason, int closeCode, bool onlyIfDetached)
    {
        var local = (LocalConnection)connection;
        IFrameTransport? transport;
        lock (local.Transitions)
        {
            if (onlyIfDetached && local.Transport is not null) return;
            if (!local.MarkClosed()) return;
            transport = local.SwapTransport(null);
        }
        local.CompleteClose();
        if (local.ResumeToken is { } token) _byResumeToken.TryRemove(token, out _);
        local.TransportClosed = transport is null ? Done(local) : CloseTransportAsync(local, transport, closeCode, reason);
    }

    public Task TransportClosed(IAspV1Connection connection) => ((LocalConnection)connection).TransportClosed;

    private static Task Done(LocalConnection connection)
    {
        connection.Outbox.Close();
        return Task.CompletedTask;
    }

    private static async Task CloseTransportAsync(LocalConnection connection, IFrameTransport transport, int code, string reason)
    {
        // What was queued before the close (typically the ERROR that explains it) goes out first.
        await connection.Outbox.DrainAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        connection.Outbox.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await transport.CloseAsync(code, reason, cts.Token).ConfigureAwait(false);
    }

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
