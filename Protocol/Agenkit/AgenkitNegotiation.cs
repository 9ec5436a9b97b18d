using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentPlatform.Protocol.Agenkit;

/// <summary>
/// The MessagePack extension (docs/protocol/agenkit.md, "MessagePack extension"). A client that wants it sends, as
/// the first frame of a connection, a JSON <c>request</c> <c>{method: "negotiate", codecs: ["msgpack", "json"]}</c>
/// and waits. The server answers in JSON with <c>response {codec}</c>: "msgpack" when it offers MessagePack and the
/// client listed it, else "json". From the frame after that response on, both directions use the chosen codec. A
/// server that does not know the extension (agenkit's own) answers with an error; the client then stays on JSON.
/// </summary>
public static class AgenkitNegotiation
{
    /// <summary>The wire name of <see cref="AgenkitCodec.Json"/>.</summary>
    public const string Json = "json";
    /// <summary>The wire name of <see cref="AgenkitCodec.MessagePack"/>.</summary>
    public const string MessagePack = "msgpack";

    /// <summary>The negotiate request offering <paramref name="codecs"/> in order of preference.</summary>
    public static AgenkitEnvelope CreateRequest(string id, IEnumerable<AgenkitCodec> codecs, DateTimeOffset? time = null)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        var list = new JsonArray();
        foreach (var codec in codecs) list.Add(ToWire(codec));
        return AgenkitEnvelope.Create(AgenkitMessageType.Request, id, new JsonObject { ["method"] = AgenkitMethods.Negotiate, ["codecs"] = list }, time);
    }

    /// <summary>
    /// The codec a server picks: MessagePack when <paramref name="messagePackEnabled"/> and the offer lists it, else
    /// JSON. A missing or malformed <c>codecs</c> is an offer of JSON alone.
    /// </summary>
    public static AgenkitCodec Choose(JsonObject requestPayload, bool messagePackEnabled)
    {
        ArgumentNullException.ThrowIfNull(requestPayload);
        if (!messagePackEnabled || requestPayload["codecs"] is not JsonArray offered) return AgenkitCodec.Json;
        foreach (var item in offered)
        {
            if (item is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == MessagePack) return AgenkitCodec.MessagePack;
        }
        return AgenkitCodec.Json;
    }

    /// <summary>The server's answer naming the chosen codec.</summary>
    public static AgenkitEnvelope CreateResponse(string id, AgenkitCodec codec, DateTimeOffset? time = null) =>
        AgenkitEnvelope.Create(AgenkitMessageType.Response, id, new JsonObject { ["codec"] = ToWire(codec) }, time);

    /// <summary>Reads the server's answer; anything but a response naming "msgpack" leaves the connection on JSON.</summary>
    public static AgenkitCodec ReadAnswer(AgenkitEnvelope answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Type == AgenkitMessageType.Response && answer.Payload["codec"] is JsonValue v
            && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == MessagePack
            ? AgenkitCodec.MessagePack
            : AgenkitCodec.Json;
    }

    /// <summary>The wire name of a codec.</summary>
    public static string ToWire(AgenkitCodec codec) => codec == AgenkitCodec.MessagePack ? MessagePack : Json;
}
