using AgentPlatform.Registry.FunctionalTests.Infrastructure;

namespace AgentPlatform.Registry.FunctionalTests.Startup;

public sealed class StartupTests
{
    [Fact]
    public async Task The_registry_refuses_to_start_without_a_key_unless_anonymous_writes_are_allowed()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            RegistryHost.StartAsync(new Dictionary<string, string?> { ["AgentPlatform:Keys:Registry"] = "" }));
        Assert.Contains("AgentPlatform__Keys__Registry", ex.Message, StringComparison.Ordinal);

        await using var open = await RegistryHost.StartAsync(new Dictionary<string, string?>
        {
            ["AgentPlatform:Keys:Registry"] = "",
            ["Registry:AllowAnonymousWrites"] = "true",
        });
        var anonymous = new Client.Registry.RegistryClient(open.Http);
        var instance = await anonymous.RegisterAsync("echo", "1", new() { Endpoint = "tcp://127.0.0.1:9", Protocol = "agenkit", Mode = "direct" });
        Assert.Equal("healthy", instance.Status);
    }
}
