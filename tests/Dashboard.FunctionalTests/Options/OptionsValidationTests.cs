using AgentPlatform.TestSupport;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Dashboard.FunctionalTests.Options;

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
        var failure = await StartWithSetting.FailureAsync(DashboardApplication.Build, key, value, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains(key.Split(':')[^1], Assert.IsType<OptionsValidationException>(failure).Message, StringComparison.Ordinal);
    }
}
