using AgentPlatform.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Relay.Tests.Unit;

/// <summary>Relay settings are bound and validated when the host starts (Relay/Configuration).</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Relay:Limits:MaxFrameBytes", "0")]
    [InlineData("Relay:Limits:MaxConcurrentInvocations", "-1")]
    [InlineData("Relay:Limits:FramesPerSecond", "0")]
    [InlineData("Relay:Limits:IdleTimeout", "00:00:00")]
    [InlineData("Relay:FunctionTimeout", "-00:00:01")]
    [InlineData("Relay:AckInterval", "00:00:00")]
    public async Task A_nonsensical_setting_stops_the_relay_at_start_naming_the_key(string key, string value)
    {
        var failure = await StartWithSetting.FailureAsync(RelayApplication.Build, key, value, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains(key, Assert.IsType<OptionsValidationException>(failure).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_setting_that_is_not_a_value_of_its_type_stops_the_relay_at_start_naming_the_key()
    {
        var failure = await StartWithSetting.FailureAsync(RelayApplication.Build, "Relay:FunctionTimeout", "soon", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains("Relay:FunctionTimeout", Assert.IsType<InvalidOperationException>(failure).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_keys_outside_the_relay_section_still_reach_the_options()
    {
        await using var app = RelayApplication.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["services:registry:http:0"] = "http://127.0.0.1:1/base",
            ["Relay:Functions:Key"] = "",
            ["AgentPlatform:Keys:Admin"] = "admin-key",
            ["Relay:Limits:MaxFrameBytes"] = "2048",
        }));
        var options = app.Services.GetRequiredService<RelayOptions>();
        Assert.Equal(new Uri("http://127.0.0.1:1/base/"), options.RegistryUrl);
        Assert.Null(options.FunctionsKey);
        Assert.Equal("admin-key", options.AdminKey);
        Assert.Equal(2048, options.Limits.MaxFrameBytes);
        Assert.Equal(TimeSpan.FromSeconds(60), options.FunctionTimeout);
    }
}
