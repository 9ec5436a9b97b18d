using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Reliability.Suite;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// Fuzzed frames over real sockets to every dialect of the platform AppHost started (asp-v1 after HELLO, Web PubSub
/// JSON, ACP JSON-RPC, AgentChat, agenkit over TCP and Unix) while one well-behaved client per dialect keeps invoking
/// <c>echo</c>. Passes when the fuzzing connections saw only protocol errors and closes, the well-behaved clients no
/// failure, and every service process kept its pid.
/// </summary>
public sealed class LiveFuzzScenario : IReliabilityScenario
{
    /// <summary>Fuzzing connections per dialect at a time.</summary>
    private const int Lanes = 2;

    /// <summary>The well-behaved clients' pause between turns: steady traffic without taking the cores from the fuzzers.</summary>
    private static readonly TimeSpan TurnPause = TimeSpan.FromMilliseconds(100);

    public string Dialect => "platform";

    public string Kind => "fuzz";

    public string Name => "fuzz-live-dialects";

    public string Expectation =>
        "fuzzed frames on every dialect get only protocol errors or closes (never 1011); well-behaved clients on every dialect keep invoking echo without a failure; no service restarts";

    public async Task<ScenarioResult> RunAsync(SuiteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var platform = await context.PlatformAsync("default").ConfigureAwait(false);
        var endpoints = platform.ReloadEndpoints();
        var pidsBefore = endpoints.ProcessIds.Where(p => p.Key != "apphost").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var perDialect = context.Options.Quick ? 2_000L : 20_000L;
        var seed = FuzzEngine.Seed;
        var result = new ScenarioResult();
        context.Log.WriteLine($"  {perDialect:N0} fuzzed frames per dialect, seed {seed}; services {string.Join(", ", pidsBefore.Select(p => p.Key + "=" + p.Value))}");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Bounded in time as well as count: a stuck dialect fails the row instead of the suite.
        stop.CancelAfter(context.Options.Quick ? TimeSpan.FromMinutes(5) : TimeSpan.FromMinutes(30));
        var clients = await StartClientsAsync(endpoints, stop.Token).ConfigureAwait(false);
        var fuzzingDone = new StrongBox<bool>();
        var behaved = clients.Select(c => Task.Run(() => BehaveAsync(c.Name, c.Turn, fuzzingDone, stop.Token), CancellationToken.None)).ToList();

        var (agenkitUnix, agenkitTcp) = AgenkitEndpoints(endpoints.Raw);
        List<LiveFuzzStats> stats = [new("asp-v1"), new("web-pubsub"), new("acp"), new("agentchat"), new("agenkit-tcp"), new("agenkit-unix")];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var acpUrl = new Uri(endpoints.Raw["acp"]!["url"]!.GetValue<string>().TrimEnd('/') + "/" + WellBehavedClients.Agent);
        var chatUrl = new Uri(endpoints.Raw["agentchat"]!["url"]!.GetValue<string>() + "?access_token=" + Uri.EscapeDataString(endpoints.AgentSocketToken));
        // Two connections per dialect at a time: most fuzzed messages end their connection, so reconnects set the pace.
        List<Task> fuzzers = [];
        for (var lane = 0; lane < Lanes; lane++)
        {
            var laneSeed = seed + (lane * 1000);
            fuzzers.Add(WebSocketFuzzer.RunAsync(new LiveDialect
            {
                Stats = stats[0], Connect = ct => ConnectAspV1Async(endpoints, ct), MessageType = WebSocketMessageType.Binary,
                Mutator = new FuzzMutator(Format(new AspV1FuzzScenario()), laneSeed), Classify = LiveClassifiers.AspV1,
                Probe = LiveProbes.AspV1, IsProbeAnswer = LiveProbes.IsAspV1Answer,
            }, perDialect, stop.Token));
            fuzzers.Add(WebSocketFuzzer.RunAsync(new LiveDialect
            {
                Stats = stats[1], Connect = ct => WellBehavedClients.ConnectWebPubSubAsync(endpoints, "fuzzer", ct), MessageType = WebSocketMessageType.Text,
                Mutator = new FuzzMutator(Format(new WebPubSubFrameFuzzScenario()), laneSeed), Classify = LiveClassifiers.WebPubSub,
                Probe = LiveProbes.WebPubSub, IsProbeAnswer = LiveProbes.IsWebPubSubAnswer,
            }, perDialect, stop.Token));
            fuzzers.Add(WebSocketFuzzer.RunAsync(new LiveDialect
            {
                Stats = stats[2], Connect = ct => ConnectAsync(acpUrl, endpoints.AgentSocketToken, ct), MessageType = WebSocketMessageType.Text,
                Mutator = new FuzzMutator(Format(new AcpFuzzScenario()), laneSeed), Classify = LiveClassifiers.Acp,
                Probe = LiveProbes.Acp, IsProbeAnswer = LiveProbes.IsAcpAnswer,
            }, perDialect, stop.Token));
            fuzzers.Add(WebSocketFuzzer.RunAsync(new LiveDialect
            {
                Stats = stats[3], Connect = ct => ConnectAsync(chatUrl, null, ct), MessageType = WebSocketMessageType.Text,
                Mutator = new FuzzMutator(Format(new AgentChatFuzzScenario()), laneSeed), Classify = LiveClassifiers.AgentChat,
                Probe = LiveProbes.AgentChat, IsProbeAnswer = LiveProbes.IsAgentChatAnswer,
            }, perDialect, stop.Token));
            fuzzers.Add(StreamFuzzer.RunAsync(stats[4], () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), agenkitTcp,
                new FuzzMutator(Format(new AgenkitEnvelopeFuzzScenario()), laneSeed), new FuzzMutator(Format(new AgenkitFramingFuzzScenario()), laneSeed), perDialect, stop.Token));
            fuzzers.Add(StreamFuzzer.RunAsync(stats[5], () => new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified), agenkitUnix,
                new FuzzMutator(Format(new AgenkitEnvelopeFuzzScenario()), laneSeed + 1), new FuzzMutator(Format(new AgenkitFramingFuzzScenario()), laneSeed + 1), perDialect, stop.Token));
        }
        await Task.WhenAll(fuzzers).ConfigureAwait(false);
        var fuzzTime = clock.Elapsed;
        // One more turn per well-behaved client after the fuzzing: the platform still serves.
        Volatile.Write(ref fuzzingDone.Value, true);
        var outcomes = await Task.WhenAll(behaved).ConfigureAwait(false);
        foreach (var (client, turns, failures) in outcomes)
        {
            result.Notes.Add($"well-behaved {client}: {turns} echo turns, {failures.Count} failures");
            foreach (var f in failures.Take(3)) result.Fail($"well-behaved {client}: {f}");
        }
        foreach (var c in clients)
        {
            try
            {
                using var last = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await c.Turn(1_000_000, last.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                result.Fail($"well-behaved {c.Name}: the turn after the fuzzing failed: {ex.GetType().Name}: {ex.Message}");
            }
            await c.Connection.DisposeAsync().ConfigureAwait(false);
        }

        result.FuzzedFrames = stats.Sum(s => s.Sent);
        result.ProtocolErrors = stats.Sum(s => s.ProtocolErrors);
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{result.FuzzedFrames:N0} fuzzed frames in {fuzzTime.TotalSeconds:F1} s, {result.FuzzedFrames / Math.Max(fuzzTime.TotalSeconds, 1e-3):N0} frames/s; seed {seed}"));
        foreach (var s in stats)
        {
            result.Notes.Add(s.Summary());
            foreach (var f in s.Failures) result.Fail(f);
            if (s.Sent < perDialect) result.Fail($"{s.Dialect}: only {s.Sent} of {perDialect} frames sent");
        }
        result.Notes.Add("aborted = the connection ended without a close frame read (a TCP reset, e.g. the server closed with the probe unread): counted, not failed; the probes, close codes and pids judge the server");
        var pidsAfter = platform.ReloadEndpoints().ProcessIds;
        foreach (var (name, pid) in pidsBefore)
        {
            if (!pidsAfter.TryGetValue(name, out var now) || now != pid || !PlatformProcess.IsRunning(pid))
            {
                result.Fail($"service {name} restarted or stopped (pid {pid} → {(pidsAfter.TryGetValue(name, out var p) ? p : 0)})");
            }
        }
        result.Notes.Add("services kept their pids: " + string.Join(", ", pidsBefore.Select(p => p.Key + "=" + p.Value)));
        return result;
    }

    private static FuzzFormat Format(ParserFuzzScenario scenario) => ParserFuzzScenario.FormatOf(scenario);

    private static async Task<List<(string Name, Func<int, CancellationToken, Task> Turn, IAsyncDisposable Connection)>> StartClientsAsync(
        PlatformEndpoints endpoints, CancellationToken ct)
    {
        var (unix, tcp) = AgenkitEndpoints(endpoints.Raw);
        List<(string, Func<int, CancellationToken, Task>, IAsyncDisposable)> clients = [];
        void Add(string name, (Func<int, CancellationToken, Task> Turn, IAsyncDisposable Connection) c) => clients.Add((name, c.Turn, c.Connection));
        Add("asp-v1", await WellBehavedClients.AspV1Async(endpoints, ct).ConfigureAwait(false));
        Add("web-pubsub", await WellBehavedClients.WebPubSubAsync(endpoints, ct).ConfigureAwait(false));
        Add("acp", await WellBehavedClients.AcpAsync(endpoints, ct).ConfigureAwait(false));
        Add("agentchat", await WellBehavedClients.AgentChatAsync(endpoints, ct).ConfigureAwait(false));
        Add("agenkit-tcp", await WellBehavedClients.AgenkitAsync("tcp://" + tcp).ConfigureAwait(false));
        Add("agenkit-unix", await WellBehavedClients.AgenkitAsync("unix://" + unix.ToString()).ConfigureAwait(false));
        return clients;
    }

    private static async Task<(string Name, int Turns, List<string> Failures)> BehaveAsync(string name, Func<int, CancellationToken, Task> turn,
        StrongBox<bool> done, CancellationToken ct)
    {
        var turns = 0;
        List<string> failures = [];
        while (!Volatile.Read(ref done.Value) && !ct.IsCancellationRequested)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await turn(turns, timeout.Token).ConfigureAwait(false);
                turns++;
                await Task.Delay(TurnPause, CancellationToken.None).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failures.Add($"turn {turns}: {ex.GetType().Name}: {ex.Message}");
                turns++;
                await Task.Delay(500, CancellationToken.None).ConfigureAwait(false);
            }
        }
        return (name, turns, failures);
    }

    private static (UnixDomainSocketEndPoint Unix, IPEndPoint Tcp) AgenkitEndpoints(JsonObject raw)
    {
        var unix = raw["agenkit"]!["unix"]!.GetValue<string>();
        var tcp = raw["agenkit"]!["tcp"]!.GetValue<string>();
        return (new UnixDomainSocketEndPoint(unix["unix://".Length..]), IPEndPoint.Parse(tcp["tcp://".Length..]));
    }

    private static async Task<ClientWebSocket> ConnectAspV1Async(PlatformEndpoints endpoints, CancellationToken ct)
    {
        var socket = await ConnectAsync(endpoints.AgentSocketUrl!, endpoints.AgentSocketToken, ct, AspV1Protocol.SubProtocol).ConfigureAwait(false);
        try
        {
            var hello = AspV1Protocol.ToArray(new ClientHelloFrame(AspV1Protocol.Version, ["stream"]) { Token = endpoints.AgentSocketToken });
            await socket.SendAsync(hello, WebSocketMessageType.Binary, true, ct).ConfigureAwait(false);
            var buffer = new byte[64 * 1024];
            var answer = await socket.ReceiveAsync(buffer, ct).ConfigureAwait(false);
            if (answer.MessageType != WebSocketMessageType.Binary || AspV1Protocol.Parse(buffer.AsMemory(0, answer.Count)) is not ServerHelloFrame)
            {
                throw new InvalidOperationException("no server HELLO");
            }
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<ClientWebSocket> ConnectAsync(Uri url, string? bearer, CancellationToken ct, string? subProtocol = null)
    {
        var socket = new ClientWebSocket();
        if (bearer is not null) socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        if (subProtocol is not null) socket.Options.AddSubProtocol(subProtocol);
        try
        {
            await socket.ConnectAsync(url, ct).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
