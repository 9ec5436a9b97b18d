using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Dashboard.Tests.Unit;

/// <summary>Dashboard settings are validated when the host starts (ValidateDataAnnotations + ValidateOnStart).</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Dashboard:SeriesInterval", "00:00:00")]
    [InlineData("Dashboard:SeriesWindow", "-00:00:01")]
    [InlineData("Dashboard:HealthInterval", "00:00:00")]
    [InlineData("Dashboard:RequestTimeout", "2.00:00:00")]
    public async Task A_nonsensical_setting_stops_the_dashboard_at_start_naming_the_setting(string key, string value)
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = DashboardApplication.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                [key] = value,
            }));
            await app.StartAsync(TestContext.Current.CancellationToken);
        });
        Assert.Contains(key.Split(':')[^1], ex.Message, StringComparison.Ordinal);
    }
}
