using AgentPlatform.EndToEnd.AgentSocket;
using AgentPlatform.EndToEnd.Hosting;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.TestSupport;

namespace AgentPlatform.EndToEnd.Telemetry;

/// <summary>
/// The services export through OpenTelemetry to the OTLP endpoint Aspire gives them (the Aspire dashboard's,
/// here a receiver of ours in its place), each under its own service.name.
/// </summary>
public sealed class TelemetryTests
{
    private static readonly string[] ServiceNames = ["registry", "functions", "relay", "dashboard"];

    [Fact]
    public async Task Every_service_exports_spans_logs_and_metrics_and_one_invocation_is_one_trace()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        // Aspire points every service at its dashboard's OTLP endpoint (gRPC under the testing builder); the
        // receiver takes its place, over OTLP/HTTP, set after Aspire's own variables so it wins.
        await using var platform = await AspirePlatform.StartAsync(builder =>
        {
            foreach (var project in builder.Resources.OfType<ProjectResource>())
            {
                builder.CreateResourceBuilder(project)
                    .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint.ToString().TrimEnd('/'))
                    .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            }
        });

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        foreach (var name in ServiceNames)
        {
            using var alive = await http.GetAsync(new Uri(platform.Endpoints.Service(name), "/alive"), TestContext.Current.CancellationToken);
            using var response = await http.GetAsync(new Uri(platform.Endpoints.Service(name), "/otlp-probe"), TestContext.Current.CancellationToken);
        }
        var invocation = "trace-" + Guid.NewGuid().ToString("N")[..8];
        await using (var socket = await AspSocket.ConnectAsync(platform.Endpoints.AgentSocketUrl!, platform.Endpoints.AgentSocketToken))
        {
            await socket.HelloAsync(["stream"]);
            await socket.SendAsync(new InvokeFrame(invocation, "conversation", MsgPackValue.From("hello")));
            while (await socket.ReceiveNonAckAsync() is not (CompleteFrame or ErrorFrame))
            {
            }
        }

        string[] Missing(string signal, Func<byte[], string, bool> exported) =>
            [.. ServiceNames.Where(n => !receiver.Bodies(signal).Any(b => exported(b, n))).Select(n => $"{n} {signal}")];
        string[] AllMissing() =>
        [
            .. Missing("/v1/traces", (b, n) => OtlpResource.HasServiceName(b, n) && OtlpResource.HasStringAttribute(b, "url.path", "/otlp-probe")),
            .. Missing("/v1/logs", OtlpResource.HasServiceName),
            .. Missing("/v1/metrics", OtlpResource.HasServiceName),
        ];
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (AllMissing().Length > 0 && DateTime.UtcNow < deadline) await Task.Delay(200, TestContext.Current.CancellationToken);
        // Every service exports its request spans, logs and metrics under its own service.name.
        Assert.Empty(AllMissing());

        // The worker's span of our invocation is in one trace with the Relay's, under it, and with the
        // context store's spans: client → Relay → FunctionsHost → worker → context store.
        List<OtlpSpan> Spans() => [.. receiver.Bodies("/v1/traces").SelectMany(OtlpSpans.Read)];
        bool IsOurs(OtlpSpan s) => s.Service == "functions" && s.Attributes.GetValueOrDefault("agentplatform.invocation") == invocation;
        await Eventually.TrueAsync(() => Spans().Any(IsOurs), TimeSpan.FromSeconds(45), "Functions exports the span of the invocation");
        // Spans arrive as each process exports its batch, so wait until the whole chain is in.
        List<OtlpSpan> Ancestors()
        {
            var spans = Spans();
            var function = spans.First(IsOurs);
            var inTrace = spans.Where(s => s.TraceId == function.TraceId).GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
            var chain = new List<OtlpSpan>();
            for (var at = function; inTrace.TryGetValue(at.ParentSpanId, out var parent); at = parent) chain.Add(parent);
            return chain;
        }
        List<OtlpSpan> Trace()
        {
            var all = Spans();
            return [.. all.Where(s => s.TraceId == all.First(IsOurs).TraceId)];
        }
        bool Complete() =>
            Ancestors().Any(s => s.Service == "relay" && s.Name == "asp-v1 invoke") &&
            Trace().Any(s => s.Name == "context.load") && Trace().Any(s => s.Name == "context.save");
        var until = DateTime.UtcNow.AddSeconds(45);
        while (!Complete() && DateTime.UtcNow < until) await Task.Delay(250, TestContext.Current.CancellationToken);
        var described = string.Join(", ", Trace().Select(s => $"{s.Service}:{s.Name}"));
        Assert.True(Ancestors().Any(s => s.Service == "relay" && s.Name == "asp-v1 invoke"),
            $"the Relay's invocation span is an ancestor of the function's: {string.Join(" <- ", Ancestors().Select(s => $"{s.Service}:{s.Name}"))}; trace: {described}");
        Assert.True(Trace().Any(s => s.Name == "context.load") && Trace().Any(s => s.Name == "context.save"),
            $"the context store's spans are in the invocation's trace: {described}");

        // Health probes are kept out of traces.
        Assert.DoesNotContain(receiver.Bodies("/v1/traces"), b => OtlpResource.HasStringAttribute(b, "url.path", "/alive") || OtlpResource.HasStringAttribute(b, "url.path", "/health"));
    }
}
