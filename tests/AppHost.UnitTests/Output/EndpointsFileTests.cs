using System.Text.Json.Nodes;
using AgentPlatform.AppHost.Configuration;
using AgentPlatform.AppHost.Lifecycle;
using AgentPlatform.AppHost.Output;

namespace AgentPlatform.AppHost.UnitTests.Output;

public sealed class EndpointsFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "apphost-endpoints-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void The_file_has_the_documented_shape()
    {
        var state = new PlatformState();
        foreach (var (name, i) in new[] { "registry", "functions", "relay", "dashboard" }.Select((n, i) => (n, i))) state.AddService(name, 6200 + i, 1);
        var keys = DevelopmentKeys.Generate();
        state.WebPubSubConnectionString = $"Endpoint=http://127.0.0.1:6202;AccessKey={keys.WebPubSubAccessKey};Version=1.0;";
        var json = EndpointsFile.Create(state, keys, _dir, new Dictionary<string, int> { ["relay"] = 42 }, "http://127.0.0.1:6210");
        EndpointsFile.Write(_dir, json);

        var path = Path.Combine(_dir, "endpoints.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.Equal(["services", "keys", "agentSocket", "acp", "agentchat", "dashboard", "webPubSub", "aspireDashboard", "dataDir", "processes"], root.Select(p => p.Key));
        Assert.Equal("http://127.0.0.1:6203/login?t=" + Uri.EscapeDataString(keys.Admin), (string?)root["dashboard"]!["loginUrl"]);
        Assert.Equal("http://127.0.0.1:6200", (string?)root["services"]!["registry"]);
        Assert.Equal("http://127.0.0.1:6203", (string?)root["services"]!["dashboard"]);
        Assert.Equal(["registry", "admin"], root["keys"]!.AsObject().Select(p => p.Key));
        Assert.Equal("ws://127.0.0.1:6202/v1/agent-socket", (string?)root["agentSocket"]!["url"]);
        Assert.Equal(keys.AgentSocket, (string?)root["agentSocket"]!["token"]);
        Assert.Equal("ws://127.0.0.1:6202/acp", (string?)root["acp"]!["url"]);
        Assert.Equal(keys.AgentSocket, (string?)root["acp"]!["token"]);
        Assert.Equal("ws://127.0.0.1:6202/agentchat", (string?)root["agentchat"]!["url"]);
        Assert.Equal("http://127.0.0.1:6210", (string?)root["aspireDashboard"]!["url"]);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Agenkit_names_the_Relays_socket_and_port_when_its_listener_is_configured()
    {
        var state = new PlatformState { Agenkit = ("unix:///data/agenkit/relay.sock", "tcp://127.0.0.1:6204") };
        state.AddService("relay", 6202, 1);
        var json = EndpointsFile.Create(state, DevelopmentKeys.Generate(), _dir, new Dictionary<string, int>(), null);
        Assert.Equal(["unix", "tcp"], json["agenkit"]!.AsObject().Select(p => p.Key));
        Assert.Equal("unix:///data/agenkit/relay.sock", (string?)json["agenkit"]!["unix"]);
        Assert.Equal("tcp://127.0.0.1:6204", (string?)json["agenkit"]!["tcp"]);
        Assert.Null(EndpointsFile.Create(new PlatformState(), DevelopmentKeys.Generate(), _dir, new Dictionary<string, int>(), null)["agenkit"]);
    }

    [Fact]
    public void The_agenkit_socket_lives_under_the_data_dir_unless_too_deep_for_a_socket_path()
    {
        Assert.Equal(Path.Combine(_dir, "agenkit", "relay.sock"), AgentPlatform.AppHost.Composition.AgenkitResourceExtensions.SocketPath(_dir));
        var deep = Path.Combine(_dir, new string('d', 120));
        var fallback = AgentPlatform.AppHost.Composition.AgenkitResourceExtensions.SocketPath(deep);
        Assert.StartsWith(Path.GetTempPath(), fallback, StringComparison.Ordinal);
        Assert.True(fallback.Length <= 107);
        Assert.Equal(fallback, AgentPlatform.AppHost.Composition.AgenkitResourceExtensions.SocketPath(deep));
    }

    [Fact]
    public void Redis_is_named_only_when_the_composition_has_it()
    {
        var state = new PlatformState { Redis = "127.0.0.1:6379" };
        state.AddService("registry", 6200, 1);
        var json = EndpointsFile.Create(state, DevelopmentKeys.Generate(), _dir, new Dictionary<string, int>(), null);
        Assert.Equal("127.0.0.1:6379", (string?)json["redis"]!["connectionString"]);
        Assert.Null(json["agentSocket"]);
        Assert.Null(json["acp"]);
        Assert.Null(json["agentchat"]);
        Assert.Null(json["aspireDashboard"]);
    }
}
