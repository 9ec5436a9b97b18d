using System.Globalization;
using AgentPlatform.Platform.Bench.Clients;
using AgentPlatform.Platform.Bench.Composition;
using AgentPlatform.Platform.Bench.Peers;
using AgentPlatform.Platform.Bench.Report;
using AgentPlatform.Platform.Bench.Scenarios;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Platform.Bench;

/// <summary>
/// One run: the default composition with its peers (scenarios 1–4, 6 and the in-memory half of 5), then a
/// composition on <c>--redis local</c> (the other half of 5), then Relay.Bench in-process; the report at the end.
/// A failed scenario is recorded and the run goes on; the exit code is 1 if any failed (a missed goal is not a failure).
/// </summary>
public static class BenchRun
{
    /// <summary>
    /// Nothing changed from the shipped configuration: providers are not frame-rate limited (only clients are), so the
    /// STREAM scenario runs on the defaults.
    /// </summary>
    private static readonly Dictionary<string, string?> Environment = new(StringComparer.Ordinal);

    public static async Task<int> RunAsync(BenchOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var r = new RunResults { Options = o };
        r.Loads.Add(("start", LoadAverage.Read()));
        r.Notes.Add("Both compositions run the shipped configuration (no setting changed).");
        Console.WriteLine($"Platform.Bench{(o.Quick ? " --quick" : "")}: {System.Environment.ProcessorCount} cores, load average {r.Loads[0].Load}");
        await Part(r, "default composition", async () =>
        {
            await using var platform = await StartAsync(r, "default", null);
            try
            {
                r.Loads.Add(("default composition healthy", LoadAverage.Read()));
                r.Notes.Add(F($"Default composition: healthy {platform.Startup.TotalSeconds:F1} s after launch; processes {string.Join(", ", platform.Endpoints.ProcessIds.Keys)}."));
                await WaitForEchoAsync(platform);
                await using var peers = await PeerSet.StartAsync(platform.Endpoints.AgentSocketUrl!, platform.Endpoints.AgentSocketToken, o.StreamProviders);
                await Part(r, "latency and bytes", async () => r.Latency.AddRange(await LatencyScenario.RunAsync(o, platform, peers)));
                await Part(r, "STREAM throughput", async () => r.Stream = await StreamScenario.RunAsync(o, platform, peers.Providers));
                await Part(r, "Web PubSub fan-out", async () => r.Fanout = await FanoutScenario.RunAsync(o, platform, peers));
                await Part(r, "idle connections", async () => r.Idle = await IdleScenario.RunAsync(o, platform));
                await Part(r, "Registry heartbeats, in-memory", async () => r.RegistryMemory = await RegistryScenario.RunAsync(o, platform, "registry, in-memory (default composition)"));
            }
            finally
            {
                await platform.DisposeAsync();
                Stopped(r, platform);
            }
        });
        await Part(r, "Registry heartbeats, Redis", async () =>
        {
            if (!RedisServer.IsInstalled) throw new InvalidOperationException("redis-server is not installed (test.sh installs it)");
            await using var platform = await StartAsync(r, "redis", "local");
            try
            {
                r.Loads.Add(("--redis local composition healthy", LoadAverage.Read()));
                r.RegistryRedis = await RegistryScenario.RunAsync(o, platform, "registry, Redis (--redis local composition)");
            }
            finally
            {
                await platform.DisposeAsync();
                Stopped(r, platform);
            }
        });
        await Part(r, "in-process (Relay.Bench)", async () => r.InProcess = await InProcessScenario.RunAsync(o));
        r.Loads.Add(("end", LoadAverage.Read()));
        var markdown = MarkdownReport.Render(r, Goals.Compute(r));
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (o.WriteReadme && r.Failures.Count > 0)
        {
            Console.WriteLine($"bench/README.md not written: {r.Failures.Count} part(s) failed");
        }
        else if (o.WriteReadme)
        {
            var readme = RepoPaths.Combine("bench", "README.md");
            new ReadmeSection("platform-bench").Write(markdown, readme);
            Console.WriteLine("written into bench/README.md");
        }
        return r.Failures.Count > 0 ? 1 : 0;
    }

    /// <summary>
    /// Starts a composition, once more if the first start fails (on a machine shared with other compositions a free
    /// port can be taken between AppHost picking it and the service binding it); the failure is kept in the notes.
    /// </summary>
    private static async Task<ComposedPlatform> StartAsync(RunResults r, string label, string? redis)
    {
        try
        {
            return await ComposedPlatform.StartAsync(label, redis, Environment);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            var first = ex.Message.Split('\n')[0];
            Console.WriteLine($"  {label} composition did not start ({first}); trying once more");
            r.Notes.Add($"The {label} composition failed its first start ({first}); the second start was used.");
            await Task.Delay(TimeSpan.FromSeconds(5));
            return await ComposedPlatform.StartAsync(label, redis, Environment);
        }
    }

    private static async Task Part(RunResults r, string name, Func<Task> body)
    {
        Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {name} (load {LoadAverage.Read()})");
        try
        {
            await body();
        }
        catch (Exception ex)
        {
            Console.WriteLine($"  FAILED: {ex}");
            r.Failures.Add((name, ex.Message));
        }
        r.Loads.Add(("after " + name, LoadAverage.Read()));
    }

    private static void Stopped(RunResults r, ComposedPlatform platform)
    {
        if (platform.LeftRunning.Count == 0)
        {
            r.Notes.Add($"{platform.Label} composition stopped with SIGTERM to AppHost's pid: every service pid of endpoints.json ({string.Join(", ", platform.ServicePids.Keys)}) gone.");
            return;
        }
        r.Failures.Add(("stop " + platform.Label, "left running after SIGTERM (killed by pid): " + string.Join(", ", platform.LeftRunning)));
    }

    /// <summary>Relay mode answers once Functions registered `echo` and the Relay saw it; endpoints.json comes a bit earlier.</summary>
    private static async Task WaitForEchoAsync(ComposedPlatform platform)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var input = MsgPackValue.FromBinary(new byte[8]);
        while (true)
        {
            try
            {
                using var socket = await AspSocket.OpenAsync(platform.Endpoints.AgentSocketUrl!, platform.Endpoints.AgentSocketToken, TimeSpan.FromSeconds(10));
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await socket.SendAsync(new InvokeFrame("ready", "echo", input), cts.Token);
                while (true)
                {
                    var (op, _) = await socket.ReceiveAsync(cts.Token);
                    if (op == AspOpcode.Complete) return;
                    if (op == AspOpcode.Error) break;
                }
            }
            catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or OperationCanceledException or InvalidOperationException)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("relay mode `echo` did not answer within 60 s of endpoints.json");
            await Task.Delay(500);
        }
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
