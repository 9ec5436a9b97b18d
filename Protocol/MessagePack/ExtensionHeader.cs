namespace AgentPlatform.Protocol.MessagePack;

/// <summary>The header of an extension value (fixext 1..16, ext 8/16/32): its application type and data length.</summary>
/// <param name="TypeCode">The extension type; negative types are reserved by the specification (-1: timestamp).</param>
/// <param name="Length">The length of the data that follows the header.</param>
public readonly record struct ExtensionHeader(sbyte TypeCode, uint Length);
