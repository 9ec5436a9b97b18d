using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentPlatform.Protocol.Bench;

/// <summary>The JSON peer: the same frames as JSON objects with an "op" discriminator, short keys like asp-v1's.</summary>
public sealed record InvokeJson(string Op, string Id, string Agent, JsonElement Input, bool? Stream, uint? TimeoutMs);

public sealed record StreamJson(string Op, string Id, ulong Seq, string Data);

public sealed record MetricsJson(double DurationMs, double? CpuMs, ulong? Chunks, ulong? Bytes);

public sealed record CompleteJson(string Op, string Id, string? Result, MetricsJson? Metrics);

/// <summary>Source-generated serializers: System.Text.Json at its fastest.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InvokeJson))]
[JsonSerializable(typeof(StreamJson))]
[JsonSerializable(typeof(CompleteJson))]
public sealed partial class BenchJsonContext : JsonSerializerContext;
