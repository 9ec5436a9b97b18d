using System.Collections;
using AgentPlatform.AppHost.Composition;
using AgentPlatform.AppHost.Running;

namespace AgentPlatform.AppHost.Tests.Running;

public sealed class ServiceEnvironmentTests
{
    private static ServiceResource Relay()
    {
        var builder = PlatformBuilder.Create(["--data-dir", Path.Combine(Path.GetTempPath(), "apphost-env-tests"), "--port-base", "6300"]);
        return builder.AddProject("relay", new ServiceProject("Relay", "relay.dll", "."))
            .WithEnvironment("AgentPlatform__Keys__Admin", "k").Resource;
    }

    [Fact]
    public void AppHost_environment_passes_through_and_the_contract_is_added()
    {
        var inherited = new Hashtable
        {
            ["Registry__HeartbeatTimeout"] = "00:00:03",
            ["PATH"] = "/usr/bin",
            ["ASPNETCORE_URLS"] = "http://0.0.0.0:1",
            ["HTTP_PORTS"] = "8080",
            ["URLS"] = "http://*:2",
        };
        var env = ServiceEnvironment.Build(Relay(), 0, "/data", inherited, 4242);

        Assert.Equal("00:00:03", env["Registry__HeartbeatTimeout"]);
        Assert.Equal("/usr/bin", env["PATH"]);
        Assert.Equal("http://127.0.0.1:6300", env["ASPNETCORE_URLS"]);
        Assert.False(env.ContainsKey("HTTP_PORTS"));
        Assert.False(env.ContainsKey("URLS"));
        Assert.Equal("relay", env["OTEL_SERVICE_NAME"]);
        Assert.Equal("/data", env["AgentPlatform__DataDir"]);
        Assert.Equal("4242", env["AGENTPLATFORM_PARENT_PID"]);
        Assert.Equal("k", env["AgentPlatform__Keys__Admin"]);
        Assert.Equal("Development", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.False(env.ContainsKey("OTEL_BSP_SCHEDULE_DELAY"));
    }

    [Fact]
    public void OTLP_gets_development_export_intervals_unless_set()
    {
        var inherited = new Hashtable
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4318",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "5000",
            ["DOTNET_ENVIRONMENT"] = "Production",
        };
        var env = ServiceEnvironment.Build(Relay(), 0, "/data", inherited, 1);
        Assert.Equal("http://127.0.0.1:4318", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("1000", env["OTEL_BSP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", env["OTEL_BLRP_SCHEDULE_DELAY"]);
        Assert.Equal("5000", env["OTEL_METRIC_EXPORT_INTERVAL"]);
        Assert.False(env.ContainsKey("ASPNETCORE_ENVIRONMENT"));
    }

    [Theory]
    [InlineData(0, 500)]
    [InlineData(1, 1000)]
    [InlineData(3, 4000)]
    [InlineData(6, 30000)]
    [InlineData(50, 30000)]
    public void Restarts_back_off_exponentially_up_to_30_seconds(int failures, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), ServiceRunner.Backoff(failures));

    [Fact]
    public void Failures_quote_the_last_lines()
    {
        var text = new ServiceFailure("registry", "exited with code 1 before it was healthy", ["a", "b"]).Describe();
        Assert.Equal("registry exited with code 1 before it was healthy. Last lines it printed:\n  > a\n  > b", text);
        Assert.EndsWith("(it printed nothing)", new ServiceFailure("x", "y", []).Describe(), StringComparison.Ordinal);
    }
}
