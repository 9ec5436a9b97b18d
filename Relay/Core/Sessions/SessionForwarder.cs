using System.Threading.Channels;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.Core.Sessions;

/// <summary>
/// Forwards the frames a moved session still produces on this replica to its connection id, in order: the outbox posts
/// under its lock (never waits), one loop publishes. Ends when the lingering connection closes.
/// </summary>
internal sealed class SessionForwarder
{
    private readonly Channel<OutboundFrame> _frames = Channel.CreateUnbounded<OutboundFrame>(new UnboundedChannelOptions { SingleReader = true });

    public SessionForwarder(RelayCore core, string hub, string connectionId, CancellationToken closed)
    {
        closed.Register(static c => ((Channel<OutboundFrame>)c!).Writer.TryComplete(), _frames);
        _ = RunAsync(core, hub, connectionId);
    }

    public void Post(OutboundFrame frame) => _frames.Writer.TryWrite(frame);

    private async Task RunAsync(RelayCore core, string hub, string connectionId)
    {
        await foreach (var frame in _frames.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var type = frame.Type == FrameType.Text ? RelayCore.ForwardedTextType : RelayCore.ForwardedBinaryType;
            try
            {
                await core.SendToConnectionAsync(hub, connectionId, new RelayMessage(frame.Payload, type)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The backplane is away: this frame is lost for the client, as output of a dead replica would be.
                _ = ex;
            }
        }
    }
}
