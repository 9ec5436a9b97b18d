namespace AgentPlatform.Relay.Core;

/// <summary>
/// A dialect-neutral message routed by the core (to a connection, group, user or hub). The core never looks
/// inside <see cref="Data"/>; the recipient's dialect encodes it into its own wire frame.
/// </summary>
/// <param name="Data">The payload bytes, exactly as the sender gave them.</param>
/// <param name="DataType">What the bytes are (for Web PubSub: text, json, binary, protobuf; for asp-v1: a frame).</param>
/// <param name="From">Who sent it (a connection id, "server", or a group), for dialects that report the origin.</param>
/// <param name="Group">The group it was sent to, when it was a group send.</param>
public readonly record struct RelayMessage(ReadOnlyMemory<byte> Data, string DataType, string? From = null, string? Group = null);
