using System.Text.Json.Nodes;

namespace AgentPlatform.Relay.Tests.Limits;

/// <summary>An HTTP response read off a raw socket.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The problem+json body of a refusal.</summary>
    public JsonObject Problem()
    {
        Assert.StartsWith("application/problem+json", Headers.GetValueOrDefault("Content-Type") ?? "", StringComparison.Ordinal);
        return JsonNode.Parse(Body)!.AsObject();
    }
}
