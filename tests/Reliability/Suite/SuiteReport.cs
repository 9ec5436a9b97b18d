using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentPlatform.Reliability.Suite;

/// <summary>Prints the results per dialect (one table), the faults with recovery times and the soak's resource curve.</summary>
public static class SuiteReport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Format(IReadOnlyList<ScenarioOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var sb = new StringBuilder();
        sb.AppendLine("| dialect | kind | scenario | result | disconnects | sent | received | lost | duplicated | fuzzed frames | protocol errors | time |");
        sb.AppendLine("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var o in outcomes)
        {
            var r = o.Result;
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {o.Dialect} | {o.Kind} | {o.Name} | {(r.Passed ? "passed" : "**FAILED**")} | {N(r.Disconnects)} | {N(r.Sent)} | {N(r.Received)} | {N(r.Lost)} | {N(r.Duplicated)} | {N(r.FuzzedFrames)} | {N(r.ProtocolErrors)} | {o.Duration.TotalSeconds:F1} s |");
        }
        var faults = outcomes.SelectMany(o => o.Result.Faults.Select(f => (o, f))).ToList();
        if (faults.Count > 0)
        {
            sb.AppendLine().AppendLine("| fault | expected | observed | recovery | result |").AppendLine("|---|---|---|---:|---|");
            foreach (var (_, f) in faults)
            {
                var recovery = f.Recovery is { } t ? t.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms" : "-";
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {f.Fault} | {f.Expected} | {f.Observed} | {recovery} | {(f.Passed ? "passed" : "**FAILED**")} |");
            }
        }
        foreach (var o in outcomes.Where(o => o.Result.Samples.Count > 0))
        {
            sb.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Resource curve of {o.Name} (per process: RSS MiB / handles / threads):");
            foreach (var at in o.Result.Samples.GroupBy(s => s.At).OrderBy(g => g.Key))
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {at.Key:hh\\:mm\\:ss}");
                foreach (var s in at.OrderBy(s => s.Process, StringComparer.Ordinal))
                {
                    sb.Append(CultureInfo.InvariantCulture, $"  {s.Process} {s.RssBytes / 1048576.0:F0}/{s.Handles}/{s.Threads}");
                }
                sb.AppendLine();
            }
        }
        foreach (var o in outcomes.Where(o => o.Result.Notes.Count > 0))
        {
            sb.AppendLine().Append(o.Name).AppendLine(":");
            foreach (var n in o.Result.Notes) sb.Append("  ").AppendLine(n);
        }
        var failed = outcomes.Count(o => !o.Result.Passed);
        sb.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{outcomes.Count - failed} scenarios passed, {failed} failed");
        return sb.ToString();
    }

    public static string ToJson(IReadOnlyList<ScenarioOutcome> outcomes) => JsonSerializer.Serialize(outcomes, Json);

    private static string N(long? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? "-";

    private static string N(int? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? "-";
}
