using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using AgentPlatform.Protocol.Dns;

namespace AgentPlatform.Client.Discovery;

/// <summary>
/// Asks DNS servers for TXT records: UDP first (RFC 1035 §4.2.1, no EDNS, so answers over 512 bytes come back
/// truncated), then TCP when the TC bit is set (RFC 7766). Replies must echo the query id and question, which
/// defeats stray or spoofed datagrams.
/// </summary>
internal sealed class TxtResolver(IReadOnlyList<IPEndPoint> servers, TimeSpan timeout, int attempts)
{
    public async Task<TxtLookup> QueryAsync(string name, CancellationToken ct)
    {
        Exception? last = null;
        foreach (var server in servers)
        {
            for (var attempt = 0; attempt < Math.Max(1, attempts); attempt++)
            {
                var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
                var query = new ArrayBufferWriter<byte>(64);
                if (!DnsQueryWriter.TryWrite(query, id, name, DnsRecordType.Txt)) throw new DnsLookupException("not a valid DNS name");
                try
                {
                    var response = await UdpAsync(server, query.WrittenMemory, id, name, ct).ConfigureAwait(false);
                    var usedTcp = false;
                    if (response.Truncated)
                    {
                        response = await TcpAsync(server, query.WrittenMemory, id, name, ct).ConfigureAwait(false);
                        usedTcp = true;
                    }
                    return ToLookup(response, usedTcp);
                }
                catch (Exception ex) when (ex is SocketException or TimeoutException or DnsLookupException or IOException)
                {
                    last = ex;
                }
            }
        }
        throw new DnsLookupException("no DNS server answered: " + (last?.Message ?? "no servers configured"), last!);
    }

    private static TxtLookup ToLookup(DnsResponse response, bool usedTcp)
    {
        var records = new List<(byte[], uint)>();
        foreach (var answer in response.Answers)
        {
            // Resolvers may put a CNAME chain first; the TXT records at its end are the answer.
            if (answer.Type != (ushort)DnsRecordType.Txt) continue;
            if (!DnsTxt.TryDecode(answer.Data.Span, out var strings, out var error)) throw new DnsLookupException("malformed TXT RDATA: " + error);
            records.Add((DnsTxt.Concatenate(strings), answer.Ttl));
        }
        return new TxtLookup(response.ResponseCode, records, usedTcp);
    }

    private async Task<DnsResponse> UdpAsync(IPEndPoint server, ReadOnlyMemory<byte> query, ushort id, string name, CancellationToken ct)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server, ct).ConfigureAwait(false);
        await socket.SendAsync(query, SocketFlags.None, ct).ConfigureAwait(false);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var buffer = new byte[65535];
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token).ConfigureAwait(false);
                if (Matches(buffer.AsSpan(0, n), id, name, out var response)) return response!;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no UDP answer from {server} within {timeout}");
        }
    }

    private async Task<DnsResponse> TcpAsync(IPEndPoint server, ReadOnlyMemory<byte> query, ushort id, string name, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(server, cts.Token).ConfigureAwait(false);
            var frame = new ArrayBufferWriter<byte>(query.Length + 2);
            DnsTcpFraming.WriteFrame(frame, query.Span);
            await socket.SendAsync(frame.WrittenMemory, SocketFlags.None, cts.Token).ConfigureAwait(false);
            var received = new ArrayBufferWriter<byte>(1024);
            while (true)
            {
                var memory = received.GetMemory(4096);
                var n = await socket.ReceiveAsync(memory, SocketFlags.None, cts.Token).ConfigureAwait(false);
                if (n == 0) throw new DnsLookupException("TCP connection closed before a whole answer arrived");
                received.Advance(n);
                var sequence = new ReadOnlySequence<byte>(received.WrittenMemory);
                if (DnsTcpFraming.TryReadFrame(ref sequence, out var message))
                {
                    if (Matches(message.ToArray(), id, name, out var response)) return response!;
                    throw new DnsLookupException("TCP answer does not match the query");
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no TCP answer from {server} within {timeout}");
        }
    }

    private static bool Matches(ReadOnlySpan<byte> message, ushort id, string name, out DnsResponse? response)
    {
        if (!DnsResponseParser.TryParse(message, out response, out _)) return false;
        return response!.IsResponse && response.Id == id
            && string.Equals(response.QuestionName, name.TrimEnd('.'), StringComparison.OrdinalIgnoreCase)
            && response.QuestionType == (ushort)DnsRecordType.Txt;
    }
}
