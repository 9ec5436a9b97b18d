using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentPlatform.Protocol.WebPubSub.CloudEvents;

/// <summary>
/// ce-connectionState: base64 of a JSON object (both SDKs encode a dictionary). Decoding is lenient as the express
/// SDK's is: anything that is not base64 of a JSON object reads as an empty state.
/// </summary>
public static class WebPubSubConnectionState
{
    /// <summary>Largest state accepted from a handler, so a handler cannot grow a connection without bound.</summary>
    public const int MaxEncodedLength = 8 * 1024;

    public static string Encode(JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(state.ToJsonString()));
    }

    public static JsonObject Decode(string? header)
    {
        if (string.IsNullOrEmpty(header) || header.Length > MaxEncodedLength) return [];
        try
        {
            var bytes = Convert.FromBase64String(header);
            return JsonNode.Parse(bytes) as JsonObject ?? [];
        }
        catch (FormatException)
        {
            return [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
