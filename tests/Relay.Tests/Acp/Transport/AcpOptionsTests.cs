using Microsoft.Extensions.Options;

namespace AgentPlatform.Relay.Tests.Acp.Transport;

/// <summary>The Acp:* settings are validated when the Relay starts.</summary>
public sealed class AcpOptionsTests
{
    [Theory]
    [InlineData("Acp:MaxMessageBytes", "10")]
    [InlineData("Acp:IdleTimeout", "00:00:00")]
    [InlineData("Acp:Replay:Window", "00:00:00")]
    [InlineData("Acp:Replay:MaxMessages", "0")]
    [InlineData("Acp:DefaultAgent", "")]
    public async Task A_value_out_of_range_stops_the_relay_at_start(string key, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var relay = await AcpRelay.StartAsync(new() { [key] = value });
        });
        Assert.Contains(key.Split(':')[^1], error.Message, StringComparison.Ordinal);
    }
}
