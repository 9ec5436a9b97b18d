using AgentPlatform.TestSupport;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Functions.FunctionalTests.Options;

/// <summary>Functions settings are validated when the host starts (ValidateDataAnnotations + ValidateOnStart).</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Functions:Registration:HeartbeatInterval", "00:00:00")]
    [InlineData("Functions:Registration:InstanceId", "")]
    [InlineData("Agents:Llm:MaxHistoryMessages", "-1")]
    public async Task A_nonsensical_setting_stops_functions_at_start_naming_the_setting(string key, string value)
    {
        var failure = await StartWithSetting.FailureAsync(InProcessFunctionsApp.Build, key, value,
            new Dictionary<string, string?> { ["Functions:Registration:Enabled"] = "false" }, TestContext.Current.CancellationToken);
        Assert.Contains(key.Split(':')[^1], Assert.IsType<OptionsValidationException>(failure).Message, StringComparison.Ordinal);
    }
}
