using System.Net.WebSockets;
using AgentPlatform.Client.Sessions;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.AgentHost.Provider;

/// <summary>A provider's frames onto its link to the Relay (not numbered: provider links are not reliable sessions).</summary>
internal sealed class ProviderOutput(FrameSocket socket) : IFrameOutput
{
    public async ValueTask<bool> SendAsync(AspFrame frame)
    {
        try
        {
            await socket.SendAsync(AspV1Protocol.ToArray(frame), CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The link dropped: the serve loop stops what runs and reconnects.
            return false;
        }
    }
}
