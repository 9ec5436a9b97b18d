using System.Net;
using DnsClient;

namespace AgentPlatform.Client.Discovery;

/// <summary>
/// Asks DNS for TXT records with DnsClient: UDP first without EDNS, so an answer over 512 bytes comes back truncated,
/// then TCP (RFC 7766). DnsClient matches each reply to its query (id and question). No cache: discovery asks
/// again every time, as before.
/// </summary>
internal sealed class TxtResolver(IReadOnlyList<IPEndPoint>? servers, TimeSpan timeout, int attempts)
{
    // Without EDNS a UDP answer holds at most 512 bytes (RFC 1035 §4.2.1); a bigger one came over TCP.
    private const int UdpLimit = 512;

    private readonly Lazy<LookupClient> _client = new(() => NewClient(servers, timeout, attempts));

    public async Task<TxtLookup> QueryAsync(string name, CancellationToken ct)
    {
        var client = _client.Value;
        if (client.NameServers.Count == 0) throw new DnsLookupException("no DNS servers configured");
        IDnsQueryResponse response;
        try
        {
            response = await client.QueryAsync(name, QueryType.TXT, QueryClass.IN, ct).ConfigureAwait(false);
        }
        catch (DnsResponseException ex)
        {
            throw new DnsLookupException("no DNS server answered: " + ex.Message, ex);
        }
        catch (ArgumentException ex)
        {
            throw new DnsLookupException("not a valid DNS name: " + ex.Message, ex);
        }
        var records = new List<(byte[], uint)>();
        // Resolvers may put a CNAME chain first; the TXT records at its end are the answer. EscapedText keeps every
        // byte (TxtRecord.Text decodes each character-string alone, which breaks UTF-8 split across two of them).
        foreach (var txt in response.Answers.TxtRecords())
        {
            records.Add((TxtText.Concatenate(txt.EscapedText), (uint)txt.TimeToLive));
        }
        return new TxtLookup(response.Header.ResponseCode, records, UsedTcp: response.MessageSize > UdpLimit);
    }

    private static LookupClient NewClient(IReadOnlyList<IPEndPoint>? servers, TimeSpan timeout, int attempts)
    {
        var options = servers is null ? new LookupClientOptions() : new LookupClientOptions(servers.ToArray());
        options.UseCache = false;
        options.Timeout = timeout;
        options.Retries = Math.Max(0, attempts - 1);
        options.UseTcpFallback = true;
        options.ExtendedDnsBufferSize = UdpLimit;
        options.RequestDnsSecRecords = false;
        options.UseRandomNameServer = false;
        // The first server's NXDOMAIN is the answer; only failures move on to the next server.
        options.ContinueOnDnsError = false;
        options.ThrowDnsErrors = false;
        return new LookupClient(options);
    }
}
