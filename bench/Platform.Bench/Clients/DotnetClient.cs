using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Platform.Bench.Report;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Platform.Bench.Clients;

/// <summary>
/// The .NET client of the latency rows, in this process (outside every server): a ClientWebSocket and an HttpClient
/// for the floors, the product's SDK (<see cref="AgentSocketClient"/>, default options) for the asp-v1 paths.
/// </summary>
public static class DotnetClient
{
    public const string Name = ".NET";
    public const string BareName = ".NET bare socket";
    public const string UnreliableName = ".NET SDK, Reliable=false";
    private const int Size = 256;

    public static async Task<LatencyRow> WebSocketEchoAsync(string path, Uri url, int calls, int warmup)
    {
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10))) await socket.ConnectAsync(url, cts.Token);
        var payload = new byte[Size];
        var buffer = new byte[4096];
        var samples = await MeasureAsync(calls, warmup, async () =>
        {
            await socket.SendAsync(payload, WebSocketMessageType.Binary, true, CancellationToken.None);
            var got = 0;
            while (true)
            {
                var r = await socket.ReceiveAsync(buffer.AsMemory(got), CancellationToken.None);
                if (r.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("echo closed");
                got += r.Count;
                if (r.EndOfMessage) break;
            }
        });
        // RFC 6455: 2-byte header each way (payload < 126), plus the client's 4-byte mask.
        return LatencyRow.From(Name, path, samples, 2 * (2 + Size) + 4);
    }

    public static async Task<LatencyRow> PostEchoAsync(string path, Uri url, int calls, int warmup)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var payload = new byte[Size];
        var samples = await MeasureAsync(calls, warmup, async () =>
        {
            using var content = new ByteArrayContent(payload);
            using var response = await http.PostAsync(url, content);
            if ((await response.Content.ReadAsByteArrayAsync()).Length != Size) throw new InvalidOperationException("bad POST echo");
        });
        return LatencyRow.From(Name, path, samples, double.NaN);
    }

    /// <summary>
    /// INVOKE <paramref name="agent"/> with 256 binary bytes through the SDK and read every event to COMPLETE; with
    /// <paramref name="reliable"/> false the SDK asks for no reliable session (no seq numbers, no ACK frames).
    /// </summary>
    public static async Task<LatencyRow> SdkInvokeAsync(string path, Uri url, string token, string agent, int calls, int warmup, bool reliable = true)
    {
        await using var client = await AgentSocketClient.ConnectAsync(url, new AgentSocketClientOptions { Token = token, Reliable = reliable });
        var input = MsgPackValue.FromBinary(new byte[Size]);
        var samples = await MeasureAsync(calls, warmup, async () =>
        {
            var completed = false;
            await foreach (var e in client.InvokeAsync(agent, input))
            {
                if (e is CompleteEvent) completed = true;
            }
            if (!completed) throw new InvalidOperationException($"{agent}: no COMPLETE");
        });
        return LatencyRow.From(reliable ? Name : UnreliableName, path, samples, double.NaN);
    }

    /// <summary>
    /// The same INVOKE on a bare asp-v1 socket (codec + ClientWebSocket, no SDK session): beside the SDK's row it
    /// separates what the client library adds from what the path costs.
    /// </summary>
    public static async Task<LatencyRow> BareInvokeAsync(string path, Uri url, string token, string agent, int calls, int warmup)
    {
        using var socket = await AspSocket.OpenAsync(url, token, TimeSpan.FromSeconds(10));
        var input = MsgPackValue.FromBinary(new byte[Size]);
        var n = 0;
        var samples = await MeasureAsync(calls, warmup, async () =>
        {
            await socket.SendAsync(new InvokeFrame("b" + (n++).ToString(CultureInfo.InvariantCulture), agent, input), CancellationToken.None);
            while (true)
            {
                var (op, length) = await socket.ReceiveAsync(CancellationToken.None);
                if (op == AspOpcode.Complete) return;
                if (op == AspOpcode.Error) throw new InvalidOperationException($"{agent}: " + AspV1Protocol.Parse(socket.Last(length)));
            }
        });
        await socket.CloseAsync();
        return LatencyRow.From(BareName, path, samples, double.NaN);
    }

    /// <summary>Sequential calls, each bounded by a 30 s timeout; returns the measured calls' milliseconds.</summary>
    public static async Task<double[]> MeasureAsync(int calls, int warmup, Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var i = 0; i < warmup; i++) await call().WaitAsync(TimeSpan.FromSeconds(30));
        var samples = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await call().WaitAsync(TimeSpan.FromSeconds(30));
            samples[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        return samples;
    }
}
