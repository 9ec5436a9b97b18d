using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Functions.Tests.Unit;

/// <summary>Functions settings are validated when the host starts (ValidateDataAnnotations + ValidateOnStart).</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Functions:Registration:HeartbeatInterval", "00:00:00")]
    [InlineData("Functions:Registration:InstanceId", "")]
    [InlineData("Agents:Llm:MaxHistoryMessages", "-1")]
    public async Task A_nonsensical_setting_stops_functions_at_start_naming_the_setting(string key, string value)
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = InProcessFunctionsApp.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Functions:Registration:Enabled"] = "false",
                [key] = value,
            }));
            await app.StartAsync(TestContext.Current.CancellationToken);
        });
        Assert.Contains(key.Split(':')[^1], ex.Message, StringComparison.Ordinal);
    }
}
