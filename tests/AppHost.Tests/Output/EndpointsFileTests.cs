using System.Text.Json.Nodes;
using AgentPlatform.AppHost.Composition;
using AgentPlatform.AppHost.Configuration;
using AgentPlatform.AppHost.Output;
using AgentPlatform.TestSupport;

namespace AgentPlatform.AppHost.Tests.Output;

public sealed class EndpointsFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "apphost-endpoints-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void The_file_has_the_documented_shape_and_the_test_fixture_reads_it()
    {
        var builder = PlatformBuilder.Create(["--data-dir", _dir, "--port-base", "6200"]);
        var project = new ServiceProject("X", "x.dll", ".");
        var services = new[] { "registry", "functions", "relay", "dashboard" }.Select(n => builder.AddProject(n, project).Resource).ToList();
        var keys = builder.Keys;
        var wps = $"Endpoint=http://127.0.0.1:6202;AccessKey={keys.WebPubSubAccessKey};Version=1.0;";
        var json = EndpointsFile.Create(services, keys, _dir, wps, null, new Dictionary<string, int> { ["relay"] = 42 });
        EndpointsFile.Write(_dir, json);

        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "endpoints.json")))!.AsObject();
        Assert.Equal(["services", "keys", "agentSocket", "webPubSub", "dataDir", "processes"], root.Select(p => p.Key));
        Assert.Equal("http://127.0.0.1:6200", (string?)root["services"]!["registry"]);
        Assert.Equal("http://127.0.0.1:6203", (string?)root["services"]!["dashboard"]);
        Assert.Equal(["registry", "admin"], root["keys"]!.AsObject().Select(p => p.Key));
        Assert.Equal("ws://127.0.0.1:6202/v1/agent-socket", (string?)root["agentSocket"]!["url"]);
        Assert.Equal(keys.AgentSocket, (string?)root["agentSocket"]!["token"]);

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
