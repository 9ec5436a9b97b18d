namespace AgentPlatform.Protocol.WebPubSub.Messages;

/// <summary>
/// <c>{"type":"ack","ackId":3,"success":true}</c> or with <c>"error":{"name":…,"message":…}</c>. Error names the
/// JS client understands: <see cref="AckErrorNames"/>; <c>Duplicate</c> counts as success there.
/// </summary>
public sealed record AckMessage(ulong AckId, bool Success, string? ErrorName = null, string? ErrorMessage = null) : WebPubSubMessage;
