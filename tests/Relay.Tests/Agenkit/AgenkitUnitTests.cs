using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Relay.Agenkit;
using Microsoft.Extensions.Configuration;

namespace AgentPlatform.Relay.Tests.Agenkit;

/// <summary>The pure parts of the listener: option validation, endpoints, the asp-v1 mapping, the Registry body.</summary>
public sealed class AgenkitUnitTests
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create("Relay:Agenkit:" + s.Key, (string?)s.Value))).Build();

    [Fact]
    public void Defaults_are_the_seeds_and_the_listener_is_off()
    {
        var options = AgenkitOptionsReader.Read(Config());
        Assert.False(options.Enabled);
        Assert.Equal(10 * 1024 * 1024, options.MaxFrameBytes);
        Assert.Equal(100, options.MaxConnections);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), options.HeartbeatTimeout);
        Assert.Equal("127.0.0.1", options.TcpHost);
        Assert.False(options.MessagePack);
    }

    [Theory]
    [InlineData("TcpPort", "70000", "TcpPort")]
    [InlineData("TcpHost", "localhost", "TcpHost")]
    [InlineData("UnixSocket", "relative/relay.sock", "UnixSocket")]
    [InlineData("MaxFrameBytes", "100", "MaxFrameBytes")]
    [InlineData("MaxConnections", "0", "MaxConnections")]
    [InlineData("RequestTimeout", "00:00:00", "RequestTimeout")]
    [InlineData("HeartbeatTimeout", "00:00:10", "HeartbeatTimeout")]
    [InlineData("CertificatePath", "/nonexistent/cert.pem", "CertificatePath")]
    public void A_bad_setting_stops_the_Relay_naming_it(string key, string value, string named)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => AgenkitOptionsReader.Read(Config((key, value))));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unix:///tmp/a.sock", true)]
    [InlineData("tcp://127.0.0.1:8080", true)]
    [InlineData("tcp://localhost:8080", true)]
    [InlineData("tcp://[::1]:8080", true)]
    [InlineData("unix://relative.sock", false)]
    [InlineData("tcp://127.0.0.1", false)]
    [InlineData("tcp://127.0.0.1:0", false)]
    [InlineData("http://127.0.0.1:80", false)]
    [InlineData("", false)]
    public void Endpoints_are_unix_paths_or_tcp_host_ports(string endpoint, bool valid) =>
        Assert.Equal(valid, AgenkitEndpoint.TryParse(endpoint) is not null);

    [Fact]
    public void Input_is_a_string_for_text_and_the_MessagePack_value_of_other_content()
    {
        Assert.Equal(MsgPackValue.From("hi"), AgenkitAgentMapping.Input(AgenkitMessage.Text("user", "hi")));
        var structured = new AgenkitMessage("user", new JsonObject { ["prompt"] = "x", ["n"] = 2 }, [], "");
        Assert.Equal("{\"prompt\":\"x\",\"n\":2}", MsgPackJson.ToJsonString(AgenkitAgentMapping.Input(structured)));
    }

    [Fact]
    public void Collected_output_concatenates_text_and_keeps_values()
    {
        Assert.Equal("\"ab\"", AgenkitAgentMapping.Collected([MsgPackValue.From("a"), MsgPackValue.From("b")])!.ToJsonString());
        Assert.Equal("\"\"", AgenkitAgentMapping.Collected([])!.ToJsonString());
        Assert.Equal("{\"turn\":1}", AgenkitAgentMapping.Collected([MsgPackValue.Map(("turn", 1))])!.ToJsonString());
        Assert.Equal("[\"a\",1]", AgenkitAgentMapping.Collected([MsgPackValue.From("a"), MsgPackValue.From(1)])!.ToJsonString());
    }

    [Theory]
    [InlineData(AspErrorCodes.UnknownAgent, false, AgenkitErrorCodes.AgentNotFound)]
    [InlineData(AspErrorCodes.Timeout, true, AgenkitErrorCodes.AgentTimeout)]
    [InlineData(AspErrorCodes.TooManyInvocations, true, AgenkitErrorCodes.AgentUnavailable)]
    [InlineData("FUNCTION_UNAVAILABLE", true, AgenkitErrorCodes.AgentUnavailable)]
    [InlineData("BAD_INPUT", false, AgenkitErrorCodes.InternalError)]
    public void Asp_errors_map_to_agenkit_codes(string aspCode, bool retryable, string expected)
    {
        var error = AgenkitAgentMapping.Error(aspCode, "m", retryable, "a", ["echo"]);
        Assert.Equal(expected, error.Code);
        Assert.Equal(aspCode, error.Details!["asp_code"]!.GetValue<string>());
        if (expected == AgenkitErrorCodes.AgentNotFound) Assert.Equal("[\"echo\"]", error.Details["available_agents"]!.ToJsonString());
    }

    [Fact]
    public void The_Registry_body_is_a_direct_agenkit_instance_with_string_metadata()
    {
        var registration = new AgenkitRegistration("my_agent", "unix:///tmp/agenkit/my_agent.sock",
            new JsonObject { ["streaming"] = true, ["tools"] = new JsonArray("calculator") }, new JsonObject { ["version"] = "1.0.0", ["n"] = 3 });
        var body = AgenkitRegistryWriter.ToRegistry(registration);
        Assert.Equal("agenkit", body.Protocol);
        Assert.Equal("direct", body.Mode);
        Assert.Equal(["stream", "tools"], body.Capabilities);
        Assert.Equal("1.0.0", body.Metadata!["version"]);
        Assert.Equal("3", body.Metadata["n"]);
        Assert.Equal(AgenkitRegistryWriter.InstanceId(registration.Endpoint), AgenkitRegistryWriter.InstanceId("unix:///tmp/agenkit/my_agent.sock"));
        Assert.Matches("^agenkit-[0-9a-f]{16}$", AgenkitRegistryWriter.InstanceId(registration.Endpoint));
    }
}
