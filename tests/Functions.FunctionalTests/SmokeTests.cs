namespace AgentPlatform.Functions.FunctionalTests;

public class SmokeTests
{
    [Fact]
    public void Free_port_is_in_the_ephemeral_range() => Assert.InRange(AgentPlatform.TestSupport.FreePort.Next(), 1024, 65535);
}
