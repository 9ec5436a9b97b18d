using AgentPlatform.Client.Sessions;
using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Client.AgentSocket;

/// <summary>Reconnect with resume, and the end of the connection for good when that is no longer possible.</summary>
public sealed partial class AgentSocketClient
{
    /// <summary>Reconnects and resumes; on RESUME_FAILED fails what was in flight and starts a fresh session.</summary>
    private async Task<bool> ReconnectAsync()
    {
        for (var attempt = 0; attempt < _options.MaxReconnectAttempts && !_disposed; attempt++)
        {
            var delays = _options.ReconnectDelays;
            var delay = delays.Count == 0 ? TimeSpan.Zero : delays[Math.Min(attempt, delays.Count - 1)];
            try
            {
                if (delay > TimeSpan.Zero) await Task.Delay(delay, _lifetime.Token).ConfigureAwait(false);
                var (socket, hello) = await OpenAsync(resume: true, _lifetime.Token).ConfigureAwait(false);
                await ResumeAsync(socket, hello).ConfigureAwait(false);
                Interlocked.Increment(ref _reconnects);
                return true;
            }
            catch (AgentSocketException ex) when (ex.Code == AspErrorCodes.ResumeFailed)
            {
                // Under the send lock, so no frame lands in the old buffer after the reset; frames sent from now on
                // wait in the new buffer and go out once the new session is attached.
                await _sendLock.WaitAsync().ConfigureAwait(false);
                try
                {
                    FailAll(new AgentSocketException(AspErrorCodes.ResumeFailed, "the session could not be resumed; in-flight invocations are lost", true, ex));
                    _outbox = new ReplayBuffer(int.MaxValue, long.MaxValue);
                    _inbound = new InboundSequence();
                }
                finally
                {
                    _sendLock.Release();
                }
                try
                {
                    var (socket, hello) = await OpenAsync(resume: false, _lifetime.Token).ConfigureAwait(false);
                    await ResumeAsync(socket, hello).ConfigureAwait(false);
                    Interlocked.Increment(ref _reconnects);
                    return true;
                }
                catch (AgentSocketException)
                {
                    // Try again on the next attempt.
                }
            }
            catch (AgentSocketException ex) when (ex.Retryable)
            {
                // Server not reachable yet: next attempt.
            }
            catch (AgentSocketException ex)
            {
                Break(ex);
                return false;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        Break(new AgentSocketException(AgentSocketException.ConnectionLost, "could not reconnect", true));
        return false;
    }

    /// <summary>
    /// The connection is gone for good: what is in flight fails with <paramref name="error"/>, and so does every later
    /// call (it would otherwise wait for a reconnection that will not come). Set before the in-flight ones are failed:
    /// a call that saw no break had registered its invocation already, so <see cref="AgentSocketClient.FailAll"/> ends it.
    /// </summary>
    private void Break(AgentSocketException error)
    {
        Volatile.Write(ref _broken, error);
        FailAll(error);
    }

    /// <summary>The error a call made after <see cref="Break"/> gets (a fresh exception, so each has its own stack).</summary>
    private AgentSocketException? Broken() => Volatile.Read(ref _broken) is { } error
        ? new AgentSocketException(error.Code, error.Message, error.Retryable, error) { Reason = error.Reason, HttpStatus = error.HttpStatus }
        : null;

    private async Task ResumeAsync(FrameSocket socket, ServerHelloFrame hello)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _hello = hello;
            IsReliable = hello.Caps.Contains(AspCapabilities.Reliable);
            var serverProcessed = hello.LastSeq ?? 0;
            _outbox.Acknowledge(serverProcessed);
            // Our unacknowledged frames go first, in their original order and numbers, before anything new.
            foreach (var frame in _outbox.After(serverProcessed))
            {
                await socket.SendAsync(frame, _lifetime.Token).ConfigureAwait(false);
            }
            _inbound.ResetAcked();
            _socket = socket;
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
