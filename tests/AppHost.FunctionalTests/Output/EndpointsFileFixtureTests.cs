using AgentPlatform.AppHost.Configuration;
using AgentPlatform.AppHost.Lifecycle;
using AgentPlatform.AppHost.Output;
using AgentPlatform.TestSupport;

namespace AgentPlatform.AppHost.FunctionalTests.Output;

/// <summary>
/// The endpoints file AppHost writes is what TestSupport's PlatformEndpoints reads: the contract between the composition
/// and every fixture that starts it (its shape alone is checked in AppHost.UnitTests).
/// </summary>
public sealed class EndpointsFileFixtureTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "apphost-endpoints-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void The_test_fixture_reads_the_file_AppHost_writes()
    {
        var state = new PlatformState();
        foreach (var (name, i) in new[] { "registry", "functions", "relay", "dashboard" }.Select((n, i) => (n, i))) state.AddService(name, 6200 + i, 1);
        var keys = DevelopmentKeys.Generate();
        state.WebPubSubConnectionString = $"Endpoint=http://127.0.0.1:6202;AccessKey={keys.WebPubSubAccessKey};Version=1.0;";
        EndpointsFile.Write(_dir, EndpointsFile.Create(state, keys, _dir, new Dictionary<string, int> { ["relay"] = 42 }, "http://127.0.0.1:6210"));

        var typed = PlatformEndpoints.Load(Path.Combine(_dir, "endpoints.json"));
        Assert.Equal(new Uri("http://127.0.0.1:6201"), typed.Functions);
        Assert.Equal(keys.Registry, typed.RegistryKey);
        Assert.Equal(keys.Admin, typed.AdminKey);
        Assert.Equal(keys.WebPubSubAccessKey, typed.WebPubSubAccessKey);
        Assert.Equal(new Uri("http://127.0.0.1:6202"), typed.WebPubSubEndpoint);
        Assert.Equal(42, typed.ProcessIds["relay"]);
        Assert.Equal(Environment.ProcessId, typed.ProcessIds["apphost"]);
        Assert.Equal(_dir, typed.DataDir);
    }
}
