namespace AgentPlatform.Protocol.WebPubSub;

/// <summary>
/// Why a client frame was refused. <see cref="AckId"/> is set when the frame was readable enough to carry one,
/// so the caller can answer with a <c>BadRequest</c> ack instead of dropping the connection.
/// </summary>
public readonly record struct WebPubSubParseError(string Message, ulong? AckId = null);
