namespace AgentPlatform.Server.Transport;

/// <summary>The WebSocket message type a frame travels as.</summary>
public enum FrameType
{
    Binary = 0,
    Text = 1,
}
