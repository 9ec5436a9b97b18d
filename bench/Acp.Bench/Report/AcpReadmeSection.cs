namespace AgentPlatform.Acp.Bench.Report;

/// <summary>
/// Writes the run into bench/README.md between <c>&lt;!-- acp-bench:begin --&gt;</c> and <c>&lt;!-- acp-bench:end --&gt;</c>;
/// the first time, the section goes right before the first "## " heading after the platform-bench section (so the
/// summary, Platform.Bench and its notes stay first), or at the end when there is none.
/// </summary>
public static class AcpReadmeSection
{
    public const string Begin = "<!-- acp-bench:begin -->";
    public const string End = "<!-- acp-bench:end -->";
    private const string PlatformEnd = "<!-- platform-bench:end -->";

    public static string Replace(string readme, string section)
    {
        ArgumentNullException.ThrowIfNull(readme);
        ArgumentNullException.ThrowIfNull(section);
        var block = Begin + "\n" + section.TrimEnd() + "\n" + End;
        var begin = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        if (begin >= 0 && end > begin) return readme[..begin] + block + readme[(end + End.Length)..];
        var after = readme.IndexOf(PlatformEnd, StringComparison.Ordinal);
        var next = after < 0 ? -1 : readme.IndexOf("\n## ", after, StringComparison.Ordinal);
        return next < 0 ? readme.TrimEnd() + "\n\n" + block + "\n" : readme[..(next + 1)] + block + "\n\n" + readme[(next + 1)..];
    }

    public static void Write(string path, string section) => File.WriteAllText(path, Replace(File.ReadAllText(path), section));
}
