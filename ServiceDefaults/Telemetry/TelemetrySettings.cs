using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;

namespace AgentPlatform.ServiceDefaults.Telemetry;

/// <summary>What the standard OTEL_* variables say, read once.</summary>
internal sealed class TelemetrySettings
{
    private TelemetrySettings(string serviceName, bool forceHttpProtobuf)
    {
        ServiceName = serviceName;
        ForceHttpProtobuf = forceHttpProtobuf;
    }

    public string ServiceName { get; }

    /// <summary>The .NET exporter defaults to gRPC; the platform's contract is OTLP/HTTP unless the protocol is named.</summary>
    public bool ForceHttpProtobuf { get; }

    public static TelemetrySettings? From(IConfiguration configuration, string applicationName)
    {
        if (string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) return null;
        var name = configuration["OTEL_SERVICE_NAME"];
        return new TelemetrySettings(
            string.IsNullOrWhiteSpace(name) ? applicationName : name,
            string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_PROTOCOL"]));
    }

    public ResourceBuilder CreateResource() => ResourceBuilder.CreateDefault().AddService(ServiceName);

    // The endpoint is deliberately left to the exporter: read from the environment it gets the
    // /v1/traces, /v1/metrics and /v1/logs suffixes that OTLP/HTTP requires.
    public void ConfigureExporter(OtlpExporterOptions options)
    {
        if (ForceHttpProtobuf) options.Protocol = OtlpExportProtocol.HttpProtobuf;
    }
}
