using System.Diagnostics;
using System.Net.Http.Headers;

namespace AgentPlatform.Registry.Bench;

/// <summary>
/// Sends one heartbeat per instance per second for the run's duration, instances spread evenly over each second,
/// through a bounded pool of connections (one worker per connection). Latency is the request's own round trip;
/// lateness (how far a send slipped behind its schedule) shows whether the runner itself kept up.
/// </summary>
internal static class LoadRunner
{
    public static async Task<(double[] Latencies, long NotFound, long Errors, double MaxLatenessMs)> RunAsync(
        Uri baseUri, string key, BenchOptions options, Func<int, string> heartbeatPath)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency; // one second to spin up the workers
        long notFound = 0, errors = 0;
        var workers = Enumerable.Range(0, options.Connections).Select(w => Task.Run(async () =>
        {
            var mine = Enumerable.Range(0, options.Instances).Where(i => i % options.Connections == w).ToArray();
            var latencies = new List<double>(mine.Length * options.Seconds);
            var maxLateness = 0.0;
            for (var second = 0; second < options.Seconds; second++)
            {
                foreach (var i in mine)
                {
                    var due = start + (long)((second + (double)i / options.Instances) * Stopwatch.Frequency);
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait).ConfigureAwait(false);
                    maxLateness = Math.Max(maxLateness, Stopwatch.GetElapsedTime(due).TotalMilliseconds);
                    var sent = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await http.PostAsync(heartbeatPath(i), null).ConfigureAwait(false);
                        latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) Interlocked.Increment(ref notFound);
                        else if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }
            return (latencies, maxLateness);
        })).ToList();
        var results = await Task.WhenAll(workers).ConfigureAwait(false);
        var all = results.SelectMany(r => r.latencies).ToArray();
        Array.Sort(all);
        return (all, notFound, errors, results.Max(r => r.maxLateness));
    }
}
