namespace AgentPlatform.Protocol.WebPubSub.Messages;

/// <summary>Ack error names, as the docs, the schema and the official emulator use them.</summary>
public static class AckErrorNames
{
    /// <summary>The ackId was already processed on this connection.</summary>
    public const string Duplicate = "Duplicate";

    /// <summary>The connection's roles do not allow the request.</summary>
    public const string Forbidden = "Forbidden";

    /// <summary>The frame was malformed.</summary>
    public const string BadRequest = "BadRequest";

    /// <summary>The upstream handler failed or timed out.</summary>
    public const string InternalServerError = "InternalServerError";
}
