using AgentPlatform.Relay.Core;

namespace AgentPlatform.Relay.Admin;

/// <summary>The JSON shapes of the admin API (docs/operations/configuration.md).</summary>
public static class AdminViews
{
    public static object Connection(RelayConnection c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var (frames, bytes) = c.Outbox.ReplayBuffer;
        return new
        {
            id = c.Id,
            dialect = c.Dialect.Name,
            hub = c.Hub,
            user = c.UserId,
            groups = c.Groups.ToArray(),
            connectedAt = c.ConnectedAt,
            state = c.State.ToString().ToLowerInvariant(),
            framesIn = c.Counters.FramesIn,
            framesOut = c.Counters.FramesOut,
            bytesIn = c.Counters.BytesIn,
            bytesOut = c.Counters.BytesOut,
            replayFrames = frames,
            replayBytes = bytes,
            inflight = c.Counters.Inflight,
        };
    }
}
