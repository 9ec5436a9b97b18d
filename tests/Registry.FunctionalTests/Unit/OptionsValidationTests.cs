using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Registry.FunctionalTests.Unit;

/// <summary>Registry settings are validated when the host starts (ValidateDataAnnotations + ValidateOnStart).</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Registry:EventHistory", "0")]
    [InlineData("Registry:HeartbeatTimeout", "-00:00:01")]
    [InlineData("Registry:MaxBodyBytes", "10")]
    [InlineData("Registry:WatcherQueue", "0")]
    public async Task A_nonsensical_setting_stops_the_registry_at_start_naming_the_setting(string key, string value)
    {
        // Building already resolves the options (the store is chosen while the app is built), so either step may throw.
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = RegistryApplication.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AgentPlatform:Keys:Registry"] = "k",
                ["Urls"] = "http://127.0.0.1:0",
                [key] = value,
            }));
            await app.StartAsync(TestContext.Current.CancellationToken);
        });
        Assert.Contains(key.Split(':')[1], ex.Message, StringComparison.Ordinal);
    }
}
