using System.Text.Json;
using AgentPlatform.Protocol.Registry;

namespace AgentPlatform.Registry.UnitTests.Validation;

public sealed class RegistrationValidatorTests
{
    [Theory]
    [InlineData("echo", true)]
    [InlineData("a", true)]
    [InlineData("my-agent.v2_x", true)]
    [InlineData("Echo", false)]
    [InlineData("-echo", false)]
    [InlineData("a..b", false)]
    [InlineData("echo.", false)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("a/b", false)]
    public void Names(string name, bool valid) => Assert.Equal(valid, RegistrationValidator.IsValidName(name));

    [Fact]
    public void Name_length_limit_is_63()
    {
        Assert.True(RegistrationValidator.IsValidName(new string('a', 63)));
        Assert.False(RegistrationValidator.IsValidName(new string('a', 64)));
        Assert.True(RegistrationValidator.IsValidInstanceId("host-1:pid.42_" + new string('x', 100)));
        Assert.False(RegistrationValidator.IsValidInstanceId(new string('x', 129)));
    }

    [Fact]
    public void Defaults_are_filled_and_duplicate_capabilities_removed()
    {
        var errors = RegistrationValidator.Validate(new AgentRegistration
        {
            Endpoint = "unix:///run/agent.sock",
            Protocol = "agenkit",
            Mode = "direct",
            Capabilities = ["stream", "tools", "stream"],
        }, out var normalized);
        Assert.Empty(errors);
        Assert.Equal(["stream", "tools"], normalized.Capabilities!);
        Assert.Empty(normalized.Tools!);
        Assert.Empty(normalized.Metadata!);
        Assert.False(normalized.Public);
    }

    [Fact]
    public void Limits_on_counts_and_lengths()
    {
        var reg = new AgentRegistration { Endpoint = "http://h:1", Protocol = "http", Mode = "relay" };
        Assert.Contains("capabilities", RegistrationValidator.Validate(reg with { Capabilities = [.. Enumerable.Range(0, 65).Select(i => "c" + i)] }, out _).Keys);
        Assert.Contains("tools", RegistrationValidator.Validate(reg with { Tools = [.. Enumerable.Range(0, 257).Select(i => new ToolDescriptor { Name = "t" + i })] }, out _).Keys);
        Assert.Contains("tools[0].description", RegistrationValidator.Validate(reg with { Tools = [new ToolDescriptor { Name = "t", Description = new string('d', 4097) }] }, out _).Keys);
        Assert.Contains("metadata", RegistrationValidator.Validate(reg with { Metadata = Enumerable.Range(0, 65).ToDictionary(i => "k" + i, i => "v") }, out _).Keys);
        Assert.Contains("metadata", RegistrationValidator.Validate(reg with { Metadata = new Dictionary<string, string> { ["k"] = new string('v', 1025) } }, out _).Keys);
        Assert.Contains("endpoint", RegistrationValidator.Validate(reg with { Endpoint = "http://h/" + new string('p', 2048) }, out _).Keys);
        Assert.Contains("body", RegistrationValidator.Validate(null, out _).Keys);
        Assert.Empty(RegistrationValidator.Validate(reg with { Tools = [new ToolDescriptor { Name = "t", Schema = JsonDocument.Parse("{}").RootElement }] }, out _));
    }

    [Fact]
    public void Picker_uses_only_healthy_instances_round_robin()
    {
        static AgentInstance I(string id, string status) => new() { Name = "n", InstanceId = id, Endpoint = "http://h:1", Protocol = "http", Mode = "relay", Status = status };
        var picker = new InstancePicker();
        var list = new[] { I("b", "healthy"), I("a", "healthy"), I("c", "stale") };
        Assert.Equal(["a", "b", "a", "b"], Enumerable.Range(0, 4).Select(_ => picker.Pick(list)!.InstanceId));
        Assert.Null(picker.Pick([I("c", "stale")]));
    }
}
