using Aspire.Hosting.Testing;

namespace AgentPlatform.AppHost.FunctionalTests.Model;

/// <summary>The AppHost's Aspire model, built by Aspire.Hosting.Testing from the real Program.cs (nothing is started).</summary>
public sealed class TopologyTests : IDisposable
{
    private static readonly string[] Services = ["registry", "functions", "relay", "dashboard"];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "apphost-model-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private async Task<IDistributedApplicationTestingBuilder> BuildAsync(params string[] args) =>
        await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--data-dir", _dir, .. args], TestContext.Current.CancellationToken);

    private static ProjectResource Project(IDistributedApplicationTestingBuilder builder, string name) =>
        builder.Resources.OfType<ProjectResource>().Single(r => r.Name == name);

    // The environment a resource gets, as manifest expressions: run-mode values would wait for endpoints
    // that only a started app allocates (EndToEnd checks those). The helper is marked obsolete in favour of
    // ExecutionConfigurationBuilder, which needs a running app's logger and context.
#pragma warning disable CS0618
    private static ValueTask<Dictionary<string, string>> EnvironmentOf(ProjectResource project) =>
        project.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
#pragma warning restore CS0618

    [Fact]
    public async Task The_four_services_are_project_resources_on_fixed_ports_without_a_proxy_hop()
    {
        await using var builder = await BuildAsync("--port-base", "6300");
        Assert.Equal(Services.Order(), builder.Resources.OfType<ProjectResource>().Select(r => r.Name).Order());
        for (var i = 0; i < Services.Length; i++)
        {
            var endpoint = Project(builder, Services[i]).Annotations.OfType<EndpointAnnotation>().Single();
            Assert.Equal("http", endpoint.Name);
            Assert.Equal(6300 + i, endpoint.Port);
            Assert.Equal(6300 + i, endpoint.TargetPort);
            Assert.False(endpoint.IsProxied, $"{Services[i]} is reached without DCP's proxy in between");
            Assert.NotEmpty(Project(builder, Services[i]).Annotations.OfType<HealthCheckAnnotation>());
        }
    }

    [Fact]
    public async Task Waits_follow_the_topology()
    {
        await using var builder = await BuildAsync("--port-base", "6300");
        string[] WaitsOf(string name) => [.. Project(builder, name).Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).Order()];
        Assert.Empty(WaitsOf("registry"));
        Assert.Equal(["registry"], WaitsOf("functions"));
        Assert.Equal(["functions", "registry"], WaitsOf("relay"));
        Assert.Equal(["registry", "relay"], WaitsOf("dashboard"));
    }

    [Fact]
    public async Task Keys_are_secret_parameters_from_the_data_dir_and_reach_the_services_that_need_them()
    {
        await using var builder = await BuildAsync("--port-base", "6300");
        var parameters = builder.Resources.OfType<ParameterResource>().ToDictionary(p => p.Name);
        Assert.All(new[] { "registry-key", "admin-key", "agent-socket-token", "webpubsub-access-key" }, n => Assert.True(parameters[n].Secret, n));
        var keys = AgentPlatform.AppHost.Configuration.DevelopmentKeys.LoadOrCreate(_dir);
        Assert.Equal(keys.Registry, await parameters["registry-key"].GetValueAsync(TestContext.Current.CancellationToken));
        Assert.Equal(keys.WebPubSubAccessKey, await parameters["webpubsub-access-key"].GetValueAsync(TestContext.Current.CancellationToken));

        var relay = await EnvironmentOf(Project(builder, "relay"));
        Assert.Equal("{registry-key.value}", relay["AgentPlatform__Keys__Registry"]);
        Assert.Equal("{agent-socket-token.value}", relay["AgentPlatform__Keys__AgentSocket"]);
        Assert.Equal("{registry.bindings.http.url}", relay["services__registry__http__0"]);
        Assert.Equal("{functions.bindings.http.url}", relay["services__functions__http__0"]);
        Assert.Equal("{webpubsub.connectionString}", relay["ConnectionStrings__webpubsub"]);
        Assert.False(relay.ContainsKey("ConnectionStrings__redis"));

        var dashboard = await EnvironmentOf(Project(builder, "dashboard"));
        Assert.False(dashboard.ContainsKey("AgentPlatform__Keys__AgentSocket"), "the dashboard never needs the agent socket token");
    }

    [Fact]
    public async Task Redis_as_a_connection_string_reaches_every_service()
    {
        await using var builder = await BuildAsync("--port-base", "6300", "--redis", "127.0.0.1:1,abortConnect=false");
        foreach (var name in new[] { "registry", "functions", "relay" })
        {
            var env = await EnvironmentOf(Project(builder, name));
            Assert.Equal("{redis.connectionString}", env["ConnectionStrings__redis"]);
        }
        var redis = builder.Resources.OfType<ParameterResource>().Single(p => p.Name == "redis");
        Assert.Equal("127.0.0.1:1,abortConnect=false", await redis.GetValueAsync(TestContext.Current.CancellationToken));
        Assert.DoesNotContain(builder.Resources, r => r.Name == "redis-server");
    }

    [Fact]
    public async Task Redis_local_runs_redis_server_as_an_executable_the_stores_wait_for()
    {
        await using var builder = await BuildAsync("--port-base", "6300", "--redis", "local");
        var server = builder.Resources.OfType<ExecutableResource>().Single(r => r.Name == "redis-server");
        Assert.Equal("redis-server", server.Name);
        Assert.NotEmpty(server.Annotations.OfType<HealthCheckAnnotation>());
        Assert.Contains(Project(builder, "registry").Annotations.OfType<WaitAnnotation>(), w => w.Resource == server);
    }

    [Fact]
    public async Task Replicas_put_the_public_port_behind_Aspire_s_proxy()
    {
        await using var builder = await BuildAsync("--port-base", "6300", "--replicas", "relay=2");
        var relay = Project(builder, "relay");
        Assert.Equal(2, relay.Annotations.OfType<ReplicaAnnotation>().Single().Replicas);
        var endpoint = relay.Annotations.OfType<EndpointAnnotation>().Single();
        Assert.True(endpoint.IsProxied);
        Assert.Equal(6302, endpoint.Port);
        Assert.False(Project(builder, "functions").Annotations.OfType<EndpointAnnotation>().Single().IsProxied);
    }
}
