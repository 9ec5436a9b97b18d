using AgentPlatform.TestSupport;
using Microsoft.Extensions.Options;

namespace AgentPlatform.FunctionsHost.Tests.Unit;

/// <summary>FunctionsHost settings are validated when the host starts, before any worker process is started.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("FunctionsHost:StartTimeout", "00:00:00")]
    [InlineData("FunctionsHost:MinRestartDelay", "-00:00:01")]
    [InlineData("FunctionsHost:InvocationResultTimeout", "2.00:00:00")]
    [InlineData("FunctionsHost:WorkerPath", "")]
    public async Task A_nonsensical_setting_stops_the_host_at_start_naming_the_setting(string key, string value)
    {
        var failure = await StartWithSetting.FailureAsync(LocalFunctionsHost.Build, key, value, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains(key.Split(':')[^1], Assert.IsType<OptionsValidationException>(failure).Message, StringComparison.Ordinal);
    }
}
