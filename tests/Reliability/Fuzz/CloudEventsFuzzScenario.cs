using System.Text.Json;
using AgentPlatform.Protocol.WebPubSub.CloudEvents;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// Web PubSub CloudEvents bodies as the Functions handler and the Relay's upstream client read them (System.Text.Json
/// with web defaults into <see cref="ConnectEventRequest"/>, <see cref="DisconnectedEventRequest"/>,
/// <see cref="ConnectEventResponse"/>); only <see cref="JsonException"/> (answered 400) may escape.
/// </summary>
public sealed class CloudEventsFuzzScenario : ParserFuzzScenario
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public override string Dialect => "web-pubsub";

    public override string Name => "fuzz-cloudevents-bodies";

    protected override FuzzFormat Format => new()
    {
        Name = "cloudevents",
        Seeds =
        [
            .. FuzzTokens.Utf8(
                """{"claims":{"sub":["u1"],"role":["a","b"]},"query":{"access_token":["x"]},"headers":{"Host":["h"]},"subprotocols":["json.webpubsub.azure.v1"],"clientCertificates":[{"thumbprint":"ab12","content":"-----BEGIN"}]}""",
                """{"claims":{},"query":{},"headers":{},"subprotocols":[]}""",
                """{"reason":"client closed"}""",
                """{"userId":"u1","groups":["g1","g2"],"roles":["webpubsub.joinLeaveGroup"],"subprotocol":"json.webpubsub.azure.v1"}""",
                """{"code":"Unauthorized","errorMessage":"no"}"""),
        ],
        Tokens = FuzzTokens.Json("claims", "query", "headers", "subprotocols", "clientCertificates", "thumbprint", "content", "reason",
            "userId", "groups", "roles", "subprotocol"),
        Parse = input =>
        {
            // Each body type is tried; the input "parses" when one of them accepts it.
            var valid = false;
            valid |= TryBody<ConnectEventRequest>(input);
            valid |= TryBody<DisconnectedEventRequest>(input);
            valid |= TryBody<ConnectEventResponse>(input);
            return valid;
        },
    };

    private static bool TryBody<T>(byte[] input)
    {
        try
        {
            _ = JsonSerializer.Deserialize<T>(input, Web);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
