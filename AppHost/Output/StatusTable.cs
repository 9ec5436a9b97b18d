using System.Globalization;
using System.Text;

namespace AgentPlatform.AppHost.Output;

/// <summary>One row of the table AppHost prints once everything is up (and again after a restart).</summary>
public sealed record StatusRow(string Service, Uri? Url, string State, int? ProcessId, int Restarts);

/// <summary>Renders the service / URL / state table; pure text, so its layout is tested without a console.</summary>
public static class StatusTable
{
    public static string Render(IReadOnlyList<StatusRow> rows, IEnumerable<string> footer)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(footer);
        string[] header = ["service", "url", "state", "pid", "restarts"];
        var cells = rows.Select(r => new[]
        {
            r.Service,
            r.Url?.ToString().TrimEnd('/') ?? "-",
            r.State,
            r.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "-",
            r.Restarts.ToString(CultureInfo.InvariantCulture),
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        var sb = new StringBuilder();
        void Line(string[] values) =>
            sb.Append("  ").AppendJoin("  ", values.Select((v, i) => v.PadRight(widths[i]))).Append('\n');
        sb.Append('\n');
        Line(header);
        Line(widths.Select(w => new string('-', w)).ToArray());
        foreach (var c in cells) Line(c);
        sb.Append('\n');
        foreach (var f in footer) sb.Append("  ").Append(f).Append('\n');
        return sb.ToString().TrimEnd('\n') + "\n";
    }
}
