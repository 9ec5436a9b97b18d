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
        await using var platform = await AspirePlatform.StartAsync($"--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL={receiver.Endpoint.ToString().TrimEnd('/')}");

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

        await Eventually.TrueAsync(
            () => ServiceNames.All(n => receiver.Bodies("/v1/traces").Any(b =>
                OtlpResource.HasServiceName(b, n) && OtlpResource.HasStringAttribute(b, "url.path", "/otlp-probe"))),
            TimeSpan.FromSeconds(45), "every service exports the span of our request with its service.name");
        await Eventually.TrueAsync(
            () => ServiceNames.All(n => receiver.Bodies("/v1/logs").Any(b => OtlpResource.HasServiceName(b, n))),
            TimeSpan.FromSeconds(45), "every service exports its logs with its service.name");
        await Eventually.TrueAsync(
            () => ServiceNames.All(n => receiver.Bodies("/v1/metrics").Any(b => OtlpResource.HasServiceName(b, n))),
            TimeSpan.FromSeconds(45), "every service exports metrics with its service.name");

        // The function's span of our invocation shares its trace with the Relay's span, which is its ancestor.
        List<OtlpSpan> Spans() => [.. receiver.Bodies("/v1/traces").SelectMany(OtlpSpans.Read)];
        await Eventually.TrueAsync(() => Spans().Any(s => s.Service == "functions" && s.Attributes.GetValueOrDefault("agentplatform.invocation") == invocation),
            TimeSpan.FromSeconds(45), "Functions exports the span of the invocation");
        var spans = Spans();
        var function = spans.First(s => s.Service == "functions" && s.Attributes.GetValueOrDefault("agentplatform.invocation") == invocation);
        var trace = spans.Where(s => s.TraceId == function.TraceId).ToList();
        Assert.Contains(trace, s => s.Service == "relay" && s.Name == "asp-v1 invoke");
        Assert.Contains(trace, s => s.Service == "relay" && s.SpanId == function.ParentSpanId);

        // Health probes are kept out of traces.
        Assert.DoesNotContain(receiver.Bodies("/v1/traces"), b => OtlpResource.HasStringAttribute(b, "url.path", "/alive") || OtlpResource.HasStringAttribute(b, "url.path", "/health"));
    }
}
