using AgentPlatform.TestSupport;

namespace AgentPlatform.Agenkit.Bench;

/// <summary>Puts the run's table between the agenkit-bench markers of bench/README.md.</summary>
public static class BenchReadme
{
    public const string Begin = "<!-- agenkit-bench:begin -->";
    public const string End = "<!-- agenkit-bench:end -->";

    public static void Write(string table)
    {
        var path = RepoPaths.Combine("bench", "README.md");
        var text = File.ReadAllText(path);
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || end < start) throw new InvalidOperationException($"bench/README.md has no {Begin} … {End} section");
        File.WriteAllText(path, text[..(start + Begin.Length)] + "\n" + table + text[end..]);
    }
}
