namespace AgentPlatform.Dashboard.FunctionalTests.Support;

/// <summary>Default-length heartbeat timeouts: registered agents stay healthy for the whole test.</summary>
public sealed class SlowHeartbeatFixture : PlatformFixture
{
    protected override IDictionary<string, string?>? RegistrySettings => new Dictionary<string, string?>
    {
        ["Registry:HeartbeatTimeout"] = "00:05:00",
        ["Registry:RemovalDelay"] = "00:05:00",
    };
}
