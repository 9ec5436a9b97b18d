using System.Text.Json.Nodes;

namespace AgentPlatform.Infra.Tests;

/// <summary>The ARM JSON `bicep build` produced: every resource, nested module deployments included.</summary>
public sealed class ArmTemplate(JsonObject root)
{
    public JsonObject Root { get; } = root;

    public IEnumerable<ArmResource> Resources() => Walk(Root, new Dictionary<string, JsonNode?>());

    private static IEnumerable<ArmResource> Walk(JsonObject template, IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        // Bicep emits resources as an array, or as an object keyed by symbolic name (language version 2.0).
        var resources = template["resources"] switch
        {
            JsonArray a => a.OfType<JsonObject>(),
            JsonObject o => o.Select(kv => kv.Value).OfType<JsonObject>(),
            _ => [],
        };
        foreach (var resource in resources)
        {
            var type = resource["type"]?.GetValue<string>() ?? "";
            yield return new ArmResource(type, resource, parameters);
            if (type == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
            {
                var given = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                if (resource["properties"]?["parameters"] is JsonObject values)
                {
                    foreach (var (name, value) in values)
                    {
                        // Only literals are kept: an expression's value is known at deployment time, not here.
                        if (value is JsonObject parameter && parameter["value"] is JsonValue v && v.TryGetValue<string>(out var s) && !s.StartsWith('[')) given[name] = v.DeepClone();
                    }
                }
                foreach (var inner in Walk(nested, given)) yield return inner;
            }
        }
    }
}
