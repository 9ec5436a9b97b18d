using DnsClient;

namespace AgentPlatform.Client.Discovery;

/// <summary>The TXT answers for one name, or the DNS-level reason there are none.</summary>
internal sealed record TxtLookup(DnsHeaderResponseCode ResponseCode, IReadOnlyList<(byte[] Value, uint Ttl)> Records, bool UsedTcp);
