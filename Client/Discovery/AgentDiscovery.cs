using System.Globalization;
using System.Text;
using AgentPlatform.Protocol.Aid;
using DnsClient;

namespace AgentPlatform.Client.Discovery;

/// <summary>
/// AID discovery (docs/protocol/aid.md, "Client"): asks DNS for the TXT records at <c>_agent.&lt;domain&gt;</c> (exact
/// host only, never a parent), keeps those that start with <c>v=aid</c>, prefers aid2 over aid1, refuses ambiguity,
/// validates, and returns a typed record or a typed error. Network failures are ERR_DNS_LOOKUP_FAILED, never exceptions.
/// </summary>
public sealed class AgentDiscovery
{
    private readonly AgentDiscoveryOptions _options;
    private readonly TxtResolver _resolver;

    public AgentDiscovery(AgentDiscoveryOptions? options = null)
    {
        _options = options ?? new AgentDiscoveryOptions();
        // No servers given: DnsClient reads the system's (resolv.conf on Linux).
        _resolver = new TxtResolver(_options.NameServers, _options.Timeout, _options.Attempts);
    }

    public async Task<AidDiscoveryResult> DiscoverAsync(string domain, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        string queryName;
        try
        {
            // Internationalized names are asked for in their punycode (A-label) form.
            queryName = "_agent." + new IdnMapping().GetAscii(domain.Trim().TrimEnd('.')).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return Failure("_agent." + domain, AidErrorCode.DnsLookupFailed, "not a valid domain name");
        }
        if (!IsValidName(queryName)) return Failure(queryName, AidErrorCode.DnsLookupFailed, "not a valid domain name");

        TxtLookup lookup;
        try
        {
            lookup = await _resolver.QueryAsync(queryName, ct).ConfigureAwait(false);
        }
        catch (DnsLookupException ex)
        {
            return Failure(queryName, AidErrorCode.DnsLookupFailed, ex.Message);
        }
        if (lookup.ResponseCode == DnsHeaderResponseCode.NotExistentDomain) return Failure(queryName, AidErrorCode.NoRecord, "no such name");
        if (lookup.ResponseCode != DnsHeaderResponseCode.NoError) return Failure(queryName, AidErrorCode.DnsLookupFailed, "DNS answered " + lookup.ResponseCode);

        var candidates = lookup.Records
            .Select(r => (Text: Encoding.UTF8.GetString(r.Value).Trim(), r.Ttl))
            .Where(r => r.Text.StartsWith("v=aid", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (candidates.Count == 0) return Failure(queryName, AidErrorCode.NoRecord, "no TXT record starting with v=aid");

        var parsed = candidates.Select(c => (c.Text, c.Ttl, Ok: AidRecordParser.TryParse(c.Text, out var record, out var error), record, error)).ToList();
        var valid = parsed.Where(p => p.Ok).ToList();
        if (valid.Count == 0)
        {
            var first = parsed[0];
            return new AidDiscoveryResult { QueryName = queryName, Error = first.error, Raw = first.Text, UsedTcp = lookup.UsedTcp };
        }
        var version = valid.Any(v => v.record!.Version == AidTokens.V2) ? AidTokens.V2 : AidTokens.V1;
        var chosen = valid.Where(v => v.record!.Version == version).ToList();
        if (chosen.Count > 1) return Failure(queryName, AidErrorCode.InvalidTxt, $"{chosen.Count} valid {version} records: ambiguous", lookup.UsedTcp);

        var (text, ttl, _, rec, _) = chosen[0];
        if (_options.SupportedProtocols is { } supported && !supported.Contains(rec!.Proto))
        {
            return Failure(queryName, AidErrorCode.UnsupportedProto, $"this client does not speak '{rec.Proto}'", lookup.UsedTcp);
        }
        if (rec!.Dep is { } dep && dep <= _options.TimeProvider.GetUtcNow())
        {
            return Failure(queryName, AidErrorCode.InvalidTxt, "record deprecated since " + dep.ToString("O", CultureInfo.InvariantCulture), lookup.UsedTcp);
        }
        return new AidDiscoveryResult { QueryName = queryName, Record = rec, Raw = text, Ttl = ttl, UsedTcp = lookup.UsedTcp };
    }

    // DnsClient sends what it is given (an empty label included), so the name is checked here: RFC 1035 §2.3.4,
    // labels of 1 to 63 bytes, at most 253 characters in the dotted form.
    private static bool IsValidName(string name) =>
        name.Length <= 253 && name.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAscii(c) && !char.IsWhiteSpace(c)));

    private static AidDiscoveryResult Failure(string queryName, AidErrorCode code, string message, bool usedTcp = false) =>
        new() { QueryName = queryName, Error = new AidError(code, message), UsedTcp = usedTcp };
}
