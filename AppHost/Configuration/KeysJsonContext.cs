using System.Text.Json.Serialization;

namespace AgentPlatform.AppHost.Configuration;

/// <summary>Source-generated JSON for keys.json (camelCase, indented).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DevelopmentKeys))]
internal sealed partial class KeysJsonContext : JsonSerializerContext;
