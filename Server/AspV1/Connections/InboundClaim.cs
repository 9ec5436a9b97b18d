namespace AgentPlatform.Server.AspV1.Connections;

/// <summary>What <see cref="AspV1ConnectionState.ClaimInbound"/> decided for a numbered client frame.</summary>
public enum InboundClaim
{
    /// <summary>The next frame: this read loop processes it.</summary>
    Claimed,

    /// <summary>Processed already, or being processed by another read loop of the session: dropped.</summary>
    Duplicate,

    /// <summary>Frames are missing before it: a protocol error.</summary>
    Gap,
}
