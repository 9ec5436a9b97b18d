using AgentPlatform.AppHost.Composition;
using AgentPlatform.AppHost.Running;

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
        var env = ServiceEnvironment.Build(relay.Resource, 0, _dir, new System.Collections.Hashtable(), 1);
        Assert.Equal("http://127.0.0.1:6100", env["services__registry__http__0"]);
        Assert.Equal("http://127.0.0.1:6100", env["REGISTRY_HTTP"]);
        Assert.Equal($"Endpoint=http://127.0.0.1:6101;AccessKey={builder.Keys.WebPubSubAccessKey};Version=1.0;", env["ConnectionStrings__webpubsub"]);
        Assert.Equal(builder.Keys.AgentSocket, env["AgentPlatform__Keys__AgentSocket"]);
        Assert.False(env.ContainsKey("AgentPlatform__Keys__Admin"));
        Assert.Equal("1", env["Relay__Custom"]);
        Assert.Equal(builder.Keys.Registry, registry.Resource.Environment["AgentPlatform__Keys__Registry"]);
        Assert.Equal(builder.Keys.Admin, registry.Resource.Environment["AgentPlatform__Keys__Admin"]);
        Assert.Equal([registry.Resource], relay.Resource.WaitsFor);
        Assert.Equal("http://127.0.0.1:6101", env["ASPNETCORE_URLS"]);
        Assert.True(File.Exists(Path.Combine(_dir, "keys.json")));
    }

    [Fact]
    public void Replicas_get_their_own_ports_and_every_referrer_gets_all_of_them()
    {
        var builder = PlatformBuilder.Create(["--data-dir", _dir, "--port-base", "6400", "--replicas", "relay=3"]);
        var relay = builder.AddProject("relay", Project("Relay"));
        var dashboard = builder.AddProject("dashboard", Project("Dashboard")).WithReference(relay).WaitFor(relay);
        builder.Build();

        Assert.Equal([6400, 6402, 6403], relay.Resource.Ports);
        Assert.Equal(6401, dashboard.Resource.Port);
        Assert.Equal(["relay", "relay-2", "relay-3"], Enumerable.Range(0, 3).Select(relay.Resource.ReplicaName));
        var env = ServiceEnvironment.Build(dashboard.Resource, 0, _dir, new System.Collections.Hashtable(), 1);
        Assert.Equal("http://127.0.0.1:6400", env["services__relay__http__0"]);
        Assert.Equal("http://127.0.0.1:6402", env["services__relay__http__1"]);
        Assert.Equal("http://127.0.0.1:6403", env["services__relay__http__2"]);
        var third = ServiceEnvironment.Build(relay.Resource, 2, _dir, new System.Collections.Hashtable { ["OTEL_RESOURCE_ATTRIBUTES"] = "a=b" }, 1);
        Assert.Equal("http://127.0.0.1:6403", third["ASPNETCORE_URLS"]);
        Assert.Equal("relay", third["OTEL_SERVICE_NAME"]);
        Assert.Equal("a=b,service.instance.id=relay-3", third["OTEL_RESOURCE_ATTRIBUTES"]);
    }

    [Fact]
    public async Task Replicas_of_an_unknown_service_are_refused()
    {
        var builder = PlatformBuilder.Create(["--data-dir", _dir, "--replicas", "nope=2"]);
        builder.AddProject("relay", Project("Relay"));
        var saved = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            Assert.Equal(2, await builder.Build().RunAsync());
        }
        finally
        {
            Console.SetError(saved);
        }
        Assert.Contains("--replicas names unknown services: nope", error.ToString(), StringComparison.Ordinal);
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
