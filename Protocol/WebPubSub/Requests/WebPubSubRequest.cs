namespace AgentPlatform.Protocol.WebPubSub.Requests;

/// <summary>A frame a subprotocol client sends to the service (json.webpubsub.azure.v1 and its reliable variant).</summary>
public abstract record WebPubSubRequest
{
    /// <summary>The optional <c>ackId</c>: when present the service answers with an <c>ack</c> frame.</summary>
    public ulong? AckId { get; init; }
}
