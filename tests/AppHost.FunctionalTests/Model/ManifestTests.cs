using System.Text.Json.Nodes;
using AgentPlatform.TestSupport;

namespace AgentPlatform.AppHost.FunctionalTests.Model;

/// <summary>The Aspire manifest azd consumes, produced by the built AppHost exactly as a user would.</summary>
public sealed class ManifestTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "apphost-manifest-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private async Task<JsonObject> PublishAsync(params string[] extra)
    {
        Directory.CreateDirectory(_dir);
        var output = Path.Combine(_dir, "aspire-manifest.json");
        await using var child = PlatformProcess.Launch(new PlatformOptions(), Path.Combine(_dir, "data"),
            ["--publisher", "manifest", "--output-path", output, .. extra]);
        var code = await child.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(code == 0, child.Output);
        return JsonNode.Parse(File.ReadAllText(output))!["resources"]!.AsObject();
    }

    [Fact]
    public async Task Every_resource_is_one_azd_accepts_and_carries_no_secret_or_local_path()
    {
        var resources = await PublishAsync("--redis", "local");
        var types = resources.ToDictionary(r => r.Key, r => (string?)r.Value!["type"]);
        Assert.Equal("project.v0", types["registry"]);
        Assert.Equal("project.v0", types["functions"]);
        Assert.Equal("project.v0", types["relay"]);
        Assert.Equal("project.v0", types["dashboard"]);
        Assert.All(types.Values, t => Assert.Contains(t, new[] { "project.v0", "parameter.v0", "value.v0" }));
        Assert.DoesNotContain("redis-server", resources.Select(r => r.Key));

        foreach (var key in new[] { "registry-key", "admin-key", "agent-socket-token", "webpubsub-access-key", "redis" })
        {
            Assert.True((bool?)resources[key]!["inputs"]!["value"]!["secret"], $"{key} is a secret input azd asks for");
        }
        var text = resources.ToJsonString();
        var keys = AgentPlatform.AppHost.Configuration.DevelopmentKeys.LoadOrCreate(Path.Combine(_dir, "data"));
        Assert.DoesNotContain(keys.Registry, text, StringComparison.Ordinal);
        Assert.DoesNotContain(keys.WebPubSubAccessKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("AgentPlatform__DataDir", text, StringComparison.Ordinal);

        Assert.Equal("{registry.bindings.http.url}", (string?)resources["relay"]!["env"]!["services__registry__http__0"]);
        Assert.Equal("{functions.bindings.http.url}", (string?)resources["relay"]!["env"]!["services__functions__http__0"]);
        Assert.True((bool?)resources["relay"]!["bindings"]!["http"]!["external"]);
        Assert.Null((bool?)resources["functions"]!["bindings"]!["http"]!["external"]);
    }
}
