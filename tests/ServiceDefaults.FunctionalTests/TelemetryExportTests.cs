using System.Diagnostics;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace AgentPlatform.ServiceDefaults.FunctionalTests;

/// <summary>With OTEL_EXPORTER_OTLP_ENDPOINT set, traces and metrics reach a real OTLP/HTTP receiver.</summary>
public sealed class TelemetryExportTests
{
    private static readonly ActivitySource Source = new("AgentPlatform.ServiceDefaultsTests");

    [Fact]
    public async Task Spans_of_platform_sources_and_requests_are_exported_over_otlp_http_and_health_probes_are_not()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var service = ServiceHost.Build(new Dictionary<string, string?>
        {
            // No OTEL_EXPORTER_OTLP_PROTOCOL: the platform's default is OTLP/HTTP.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_SERVICE_NAME"] = "svc-under-test",
            // Export within a fraction of a second instead of the 5 s / 60 s defaults.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        service.MapGet("/work", () =>
        {
            using var inner = Source.StartActivity("work.inner");
            return "done";
        });
        await service.StartAsync(TestContext.Current.CancellationToken);
        using (var http = new HttpClient())
        {
            var own = new Uri(service.Urls.First());
            Assert.Equal("done", await http.GetStringAsync(new Uri(own, "/work"), TestContext.Current.CancellationToken));
            await http.GetStringAsync(new Uri(own, "/health"), TestContext.Current.CancellationToken);
            await http.GetStringAsync(new Uri(own, "/alive"), TestContext.Current.CancellationToken);
        }
        await Eventually.TrueAsync(
            () => receiver.Received("/v1/traces").Contains("work.inner", StringComparison.Ordinal) &&
                  receiver.Received("/v1/metrics").Contains("http.server.request.duration", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15), "exported");
        await service.StopAsync(TestContext.Current.CancellationToken);
        await service.DisposeAsync();

        var traces = receiver.Received("/v1/traces");
        Assert.Contains("svc-under-test", traces, StringComparison.Ordinal);
        Assert.Contains("work.inner", traces, StringComparison.Ordinal);
        Assert.Contains("AgentPlatform.ServiceDefaultsTests", traces, StringComparison.Ordinal);
        Assert.Contains("GET /work", traces, StringComparison.Ordinal);
        Assert.DoesNotContain("GET /health", traces, StringComparison.Ordinal);
        Assert.DoesNotContain("GET /alive", traces, StringComparison.Ordinal);
        var metrics = receiver.Received("/v1/metrics");
        Assert.Contains("http.server.request.duration", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_is_exported_without_an_endpoint()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var service = ServiceHost.Build(new Dictionary<string, string?>());
        await service.StartAsync(TestContext.Current.CancellationToken);
        using (var http = new HttpClient())
        {
            await http.GetStringAsync(new Uri(new Uri(service.Urls.First()), "/health"), TestContext.Current.CancellationToken);
        }
        await service.StopAsync(TestContext.Current.CancellationToken);
        await service.DisposeAsync();
        Assert.Empty(receiver.Received("/v1/traces"));
    }

    [Fact]
    public async Task Spans_still_batched_when_the_service_stops_are_exported()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        // The default 5 s batch delay: nothing is exported before the stop below.
        var service = ServiceHost.Build(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint });
        service.MapGet("/last", () =>
        {
            using var inner = Source.StartActivity("last.words");
            return "bye";
        });
        await service.StartAsync(TestContext.Current.CancellationToken);
        using (var http = new HttpClient())
        {
            await http.GetStringAsync(new Uri(new Uri(service.Urls.First()), "/last"), TestContext.Current.CancellationToken);
        }
        await service.StopAsync(TestContext.Current.CancellationToken);
        Assert.Contains("last.words", receiver.Received("/v1/traces"), StringComparison.Ordinal);
        await service.DisposeAsync();
    }
}
