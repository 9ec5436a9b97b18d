using System.Text.Json;

namespace AgentPlatform.Dashboard.Json;

/// <summary>One set of JSON options for everything the dashboard reads and writes (camelCase, tolerant of case).</summary>
public static class DashboardJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
