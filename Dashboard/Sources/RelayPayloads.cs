using System.Text.Json;
using AgentPlatform.Dashboard.Json;
using AgentPlatform.Dashboard.State;

namespace AgentPlatform.Dashboard.Sources;

/// <summary>Reads the Relay admin API's JSON shapes (configuration.md); pure.</summary>
public static class RelayPayloads
{
    /// <exception cref="JsonException">Not an invocation object, or without id and agent.</exception>
    public static InvocationRecord ParseInvocation(string json)
    {
        var record = JsonSerializer.Deserialize<InvocationRecord>(json, DashboardJson.Options)
            ?? throw new JsonException("An invocation cannot be null.");
        if (string.IsNullOrEmpty(record.Id) || string.IsNullOrEmpty(record.Agent))
        {
            throw new JsonException("An invocation needs an id and an agent.");
        }
        return record;
    }

    /// <summary>The <c>{total, items}</c> page of <c>GET /admin/invocations</c>.</summary>
    public static IReadOnlyList<InvocationRecord> ParseInvocationPage(string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("An invocation page needs an items array.");
        }
        return [.. items.EnumerateArray().Select(i => ParseInvocation(i.GetRawText()))];
    }
}
