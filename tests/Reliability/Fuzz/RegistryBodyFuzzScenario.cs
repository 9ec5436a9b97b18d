using System.Text.Json;
using AgentPlatform.Protocol.Registry;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// Registry registration bodies as the Registry reads them (Utf8JsonReader into <see cref="RegistryJsonContext"/>'s
/// AgentRegistration, then <see cref="RegistrationValidator.Validate"/>): a registration, a <see cref="JsonException"/>
/// (400) or validation errors, never anything else.
/// </summary>
public sealed class RegistryBodyFuzzScenario : ParserFuzzScenario
{
    public override string Dialect => "registry";

    public override string Name => "fuzz-registry-bodies";

    protected override FuzzFormat Format => new()
    {
        Name = "registry-body",
        Seeds =
        [
            .. FuzzTokens.Utf8(
                """{"endpoint":"http://127.0.0.1:5102","protocol":"asp-v1","mode":"relay","capabilities":["stream","tools"],"tools":[{"name":"search","description":"Web search","schema":{"type":"object"}}],"metadata":{"owner":"team"},"public":true}""",
                """{"endpoint":"http://h:1","protocol":"asp-v1","mode":"relay"}""",
                """{"endpoint":"unix:///tmp/a.sock","protocol":"agenkit","mode":"direct"}""",
                """{"endpoint":"ws://127.0.0.1:5102/v1/agent-socket","protocol":"asp-v1","mode":"direct","tools":[{"name":"t"}],"metadata":{}}"""),
        ],
        Tokens = FuzzTokens.Json("endpoint", "protocol", "mode", "capabilities", "tools", "name", "description", "schema", "metadata", "public",
            "relay", "direct", "asp-v1", "agenkit", "http://", "unix://"),
        Parse = input =>
        {
            var reader = new Utf8JsonReader(input);
            var registration = JsonSerializer.Deserialize(ref reader, RegistryJsonContext.Default.AgentRegistration);
            return RegistrationValidator.Validate(registration, out _).Count == 0;
        },
        IsProtocolError = ex => ex is JsonException,
    };
}
