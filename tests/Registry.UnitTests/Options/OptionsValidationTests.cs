using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Registry.UnitTests.Options;

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
        // The second step is the check the host runs first thing in StartAsync, before Kestrel binds: run alone, nothing listens.
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = RegistryApplication.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AgentPlatform:Keys:Registry"] = "k",
                [key] = value,
            }));
            app.Services.GetRequiredService<IStartupValidator>().Validate();
        });
        Assert.Contains(key.Split(':')[1], ex.Message, StringComparison.Ordinal);
    }
}
