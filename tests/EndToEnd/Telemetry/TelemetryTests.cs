using AgentPlatform.TestSupport;

namespace AgentPlatform.EndToEnd.Telemetry;

public sealed class TelemetryTests
{
    private static readonly string[] ServiceNames = ["registry", "functions", "relay", "dashboard"];

    [Fact]
    public async Task An_OTLP_receiver_gets_spans_and_logs_from_every_service_under_its_own_name()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var options = new PlatformOptions();
        options.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString().TrimEnd('/');
        await using var platform = await PlatformProcess.StartAsync(options);

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        foreach (var name in ServiceNames)
        {
            using var alive = await http.GetAsync(new Uri(platform.Endpoints.Service(name), "/alive"), TestContext.Current.CancellationToken);
            using var response = await http.GetAsync(new Uri(platform.Endpoints.Service(name), "/otlp-probe"), TestContext.Current.CancellationToken);
        }

        // One export request comes from one service, so its body holds that service's name and its spans.
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

        // Health probes (AppHost polled /health at start-up, we called /alive before the probe) are filtered out.
        var traces = receiver.Bodies("/v1/traces");
        Assert.DoesNotContain(traces, b => OtlpResource.HasStringAttribute(b, "url.path", "/alive") || OtlpResource.HasStringAttribute(b, "url.path", "/health"));
    }
}
