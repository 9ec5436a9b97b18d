namespace AgentPlatform.Protocol.Dns;

/// <summary>One answer record: owner name (lower-case, no trailing dot), type, class, TTL and raw RDATA.</summary>
public sealed record DnsResourceRecord(string Name, ushort Type, ushort Class, uint Ttl, ReadOnlyMemory<byte> Data);
