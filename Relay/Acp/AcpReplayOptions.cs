using System.ComponentModel.DataAnnotations;
using AgentPlatform.ServiceDefaults.Options;

namespace AgentPlatform.Relay.Acp;

/// <summary>Configuration section <c>Acp:Replay</c>: how long and how much the replay extension keeps for a dropped client.</summary>
public sealed class AcpReplayOptions
{
    /// <summary>How long session notifications are kept after the client dropped, waiting for its resume.</summary>
    [DurationRange("00:00:00.010", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Unacknowledged notifications kept per session; beyond it the oldest go and a resume says <c>truncated</c>.</summary>
    [Range(1, 1_000_000)]
    public int MaxMessages { get; set; } = 1000;
}
