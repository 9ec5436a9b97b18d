using System.Threading.Channels;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Client.Agenkit;

/// <summary>
/// One request in flight: read the frames answered with its id until null (the call ended). An <c>error</c> frame
/// is thrown as <see cref="AgenkitRemoteException"/>; so is the connection's failure. Dispose abandons the call
/// (agenkit has no cancel message: a late answer is dropped by the connection).
/// </summary>
public sealed class AgenkitCall : IAsyncDisposable
{
    private readonly AgenkitConnection _connection;
    private readonly PendingCall _call;

    internal AgenkitCall(AgenkitConnection connection, PendingCall call)
    {
        _connection = connection;
        _call = call;
    }

    /// <summary>The request id every answer carries.</summary>
    public string Id => _call.Id;

    /// <summary>The next frame of this call, or null once it ended (after response, error or stream_end).</summary>
    public async ValueTask<AgenkitEnvelope?> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await _call.Frames.WaitToReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        }
        catch (ChannelClosedException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException is AgenkitRemoteException remote
                ? new AgenkitRemoteException(remote.Code, remote.Message, remote.Details, remote)
                : new AgenkitRemoteException(AgenkitErrorCodes.ConnectionClosed, ex.InnerException.Message, null, ex.InnerException);
        }
        catch (AgenkitRemoteException remote)
        {
            // WaitToReadAsync rethrows the completion error itself; a fresh instance keeps this call's stack.
            throw new AgenkitRemoteException(remote.Code, remote.Message, remote.Details, remote);
        }
        if (!_call.Frames.TryRead(out var envelope)) return null;
        if (envelope.Type == AgenkitMessageType.Error) throw AgenkitRemoteException.FromError(AgenkitError.FromPayload(envelope.Payload));
        return envelope;
    }

    public ValueTask DisposeAsync()
    {
        _connection.Abandon(_call);
        return ValueTask.CompletedTask;
    }
}
