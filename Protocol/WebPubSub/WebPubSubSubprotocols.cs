namespace AgentPlatform.Protocol.WebPubSub;

/// <summary>
/// The WebSocket subprotocol names Azure Web PubSub defines for clients (client-spec §1.1). A connection
/// without one of these is a "simple WebSocket client" whose frames become <c>message</c> user events.
/// </summary>
public static class WebPubSubSubprotocols
{
    /// <summary><c>json.webpubsub.azure.v1</c>: JSON frames, no sequence ids, no recovery.</summary>
    public const string Json = "json.webpubsub.azure.v1";

    /// <summary><c>json.reliable.webpubsub.azure.v1</c>: JSON frames with sequence ids, acks and recovery.</summary>
    public const string JsonReliable = "json.reliable.webpubsub.azure.v1";

    /// <summary>True for the two JSON subprotocols this implementation speaks.</summary>
    public static bool IsSupported(string? name) =>
        string.Equals(name, Json, StringComparison.Ordinal) || string.Equals(name, JsonReliable, StringComparison.Ordinal);

    /// <summary>True for the reliable variant (sequence ids, reconnection tokens).</summary>
    public static bool IsReliable(string? name) => string.Equals(name, JsonReliable, StringComparison.Ordinal);
}
