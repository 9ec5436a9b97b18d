using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentPlatform.Protocol.Registry;

/// <summary>Source-generated System.Text.Json metadata for the registry contract (camelCase, case-insensitive reads).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AgentRegistration))]
[JsonSerializable(typeof(AgentInstance))]
[JsonSerializable(typeof(AgentEntry))]
[JsonSerializable(typeof(AgentList))]
[JsonSerializable(typeof(WatchSnapshot))]
public sealed partial class RegistryJsonContext : JsonSerializerContext;
