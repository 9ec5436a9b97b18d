using System.Diagnostics;
using System.Globalization;
using AgentPlatform.Platform.Bench.Clients;
using AgentPlatform.Platform.Bench.Composition;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Relay.Bench;

namespace AgentPlatform.Platform.Bench.Scenarios;

/// <summary>
/// Scenario 3: STREAM frames per second through the Relay, summed over concurrent client connections (this process),
/// each invoking <c>bench-stream</c> once on the provider process (64-byte chunks). Timed from the first INVOKE sent to
/// the last COMPLETE received; every frame must arrive.
/// </summary>
public static class StreamScenario
{
    public sealed record Result(int Connections, int FramesPerConnection, int Providers, long Frames, double Seconds)
    {
        public double FramesPerSecond => Frames / Seconds;
    }

    public static async Task<Result> RunAsync(BenchOptions o, ComposedPlatform platform, int providers)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(platform);
        var url = platform.Endpoints.AgentSocketUrl!;
        var token = platform.Endpoints.AgentSocketToken;
        var clients = new List<AspSocket>();
        try
        {
            for (var i = 0; i < o.StreamConnections; i++) clients.Add(await AspSocket.OpenAsync(url, token, TimeSpan.FromSeconds(30)));
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var n = o.StreamFramesPerConnection;
            var clock = Stopwatch.StartNew();
            var counts = await Task.WhenAll(clients.Select(async (c, i) =>
            {
                await c.SendAsync(new InvokeFrame("s" + i.ToString(CultureInfo.InvariantCulture), BenchAgent.Stream, MsgPackValue.From(n)), cts.Token);
                var frames = 0;
                while (true)
                {
                    var (op, length) = await c.ReceiveAsync(cts.Token);
                    if (op == AspOpcode.Stream) frames++;
                    else if (op == AspOpcode.Complete) return frames;
                    else if (op == AspOpcode.Error) throw new InvalidOperationException("stream ended with ERROR: " + AspV1Protocol.Parse(c.Last(length)));
                }
            }));
            clock.Stop();
            if (counts.Any(c => c != n)) throw new InvalidOperationException($"frames lost: expected {n} per connection, got {string.Join(',', counts.Distinct())}");
            return new Result(o.StreamConnections, n, providers, counts.Sum(c => (long)c), clock.Elapsed.TotalSeconds);
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.CloseAsync()));
        }
    }
}
