using Microsoft.Extensions.Configuration;
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
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = LocalFunctionsHost.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                [key] = value,
            }));
            await app.StartAsync(TestContext.Current.CancellationToken);
        });
        Assert.Contains(key.Split(':')[^1], ex.Message, StringComparison.Ordinal);
    }
}
