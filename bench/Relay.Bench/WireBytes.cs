namespace AgentPlatform.Relay.Bench;

/// <summary>Bytes a WebSocket message occupies on the wire (RFC 6455 §5.2 header, plus the mask from a client).</summary>
public static class WireBytes
{
    public static int Of(int payload, bool fromClient) =>
        2 + (payload >= 65536 ? 8 : payload >= 126 ? 2 : 0) + (fromClient ? 4 : 0) + payload;
}
