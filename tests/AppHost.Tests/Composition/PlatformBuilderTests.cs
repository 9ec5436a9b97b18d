using AgentPlatform.AppHost.Composition;

namespace AgentPlatform.AppHost.Tests.Composition;

public sealed class PlatformBuilderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "apphost-builder-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static ServiceProject Project(string name) => new(name, Path.Combine(Path.GetTempPath(), name + ".dll"), Path.GetTempPath());

    [Fact]
    public void References_follow_the_Aspire_environment_contract()
    {
        var builder = PlatformBuilder.Create(["--data-dir", _dir, "--port-base", "6100"]);
        var registry = builder.AddProject("registry", Project("Registry")).WithKeys(DevelopmentKey.Registry, DevelopmentKey.Admin);
        var relay = builder.AddProject("relay", Project("Relay"))
            .WithKeys(DevelopmentKey.AgentSocket)
            .WithReference(registry).WaitFor(registry)
            .WithEnvironment("Relay__Custom", "1");
        var wps = builder.AddWebPubSub("webpubsub", relay);
        relay.WithReference(wps);

        Assert.Equal(6100, registry.Resource.Port);
        Assert.Equal(6101, relay.Resource.Port);
        var env = relay.Resource.Environment;
        Assert.Equal("http://127.0.0.1:6100", env["services__registry__http__0"]);
        Assert.Equal("http://127.0.0.1:6100", env["REGISTRY_HTTP"]);
        Assert.Equal($"Endpoint=http://127.0.0.1:6101;AccessKey={builder.Keys.WebPubSubAccessKey};Version=1.0;", env["ConnectionStrings__webpubsub"]);
        Assert.Equal(builder.Keys.AgentSocket, env["AgentPlatform__Keys__AgentSocket"]);
        Assert.False(env.ContainsKey("AgentPlatform__Keys__Admin"));
        Assert.Equal("1", env["Relay__Custom"]);
        Assert.Equal(builder.Keys.Registry, registry.Resource.Environment["AgentPlatform__Keys__Registry"]);
        Assert.Equal(builder.Keys.Admin, registry.Resource.Environment["AgentPlatform__Keys__Admin"]);
        Assert.Equal([registry.Resource], relay.Resource.WaitsFor);
        Assert.True(File.Exists(Path.Combine(_dir, "keys.json")));
    }

    [Fact]
    public void Redis_reaches_every_service_as_a_connection_string()
    {
        var builder = PlatformBuilder.Create(["--data-dir", _dir, "--redis", "127.0.0.1:6379"]);
        var a = builder.AddProject("a", Project("A"));
        var b = builder.AddProject("b", Project("B"));
        builder.Build();
        Assert.Equal("127.0.0.1:6379", a.Resource.Environment["ConnectionStrings__redis"]);
        Assert.Equal("127.0.0.1:6379", b.Resource.Environment["ConnectionStrings__redis"]);
    }

    [Fact]
    public void Free_ports_are_distinct()
    {
        var builder = PlatformBuilder.Create(["--data-dir", _dir, "--port-base", "0"]);
        var ports = Enumerable.Range(0, 6).Select(i => builder.AddProject("s" + i, Project("S" + i)).Resource.Port).ToList();
        Assert.Equal(6, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, 1024, 65535));
    }

    [Fact]
    public async Task A_wait_cycle_is_refused_before_anything_starts()
    {
        var builder = PlatformBuilder.Create(["--data-dir", _dir]);
        var a = builder.AddProject("a", Project("A"));
        var b = builder.AddProject("b", Project("B")).WaitFor(a);
        a.WaitFor(b);
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(2, await builder.Build().RunAsync());
        }
        finally
        {
            Console.SetError(saved);
        }
        Assert.Contains("WaitFor cycle: a -> b -> a", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_is_added_once() =>
        Assert.Throws<ArgumentException>(() =>
        {
            var builder = PlatformBuilder.Create(["--data-dir", _dir]);
            builder.AddProject("a", Project("A"));
            builder.AddProject("a", Project("B"));
        });

    [Fact]
    public void The_build_located_every_service_dll()
    {
        foreach (var p in new[] { ServiceProjects.Registry, ServiceProjects.Functions, ServiceProjects.Relay, ServiceProjects.Dashboard })
        {
            Assert.True(File.Exists(p.DllPath), p.DllPath);
            Assert.EndsWith($"AgentPlatform.{p.Name}.dll", p.DllPath, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(p.ProjectDirectory, p.Name + ".csproj")), p.ProjectDirectory);
        }
    }
}
