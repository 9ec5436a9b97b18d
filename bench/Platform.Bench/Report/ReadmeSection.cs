namespace AgentPlatform.Platform.Bench.Report;

/// <summary>
/// Writes the run into bench/README.md between <c>&lt;!-- platform-bench:begin --&gt;</c> and
/// <c>&lt;!-- platform-bench:end --&gt;</c>; the first time, the section goes right after the summary section.
/// </summary>
public static class ReadmeSection
{
    public const string Begin = "<!-- platform-bench:begin -->";
    public const string End = "<!-- platform-bench:end -->";

    public static string Replace(string readme, string section)
    {
        ArgumentNullException.ThrowIfNull(readme);
        ArgumentNullException.ThrowIfNull(section);
        var block = Begin + "\n" + section.TrimEnd() + "\n" + End;
        var begin = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        if (begin >= 0 && end > begin) return readme[..begin] + block + readme[(end + End.Length)..];
        // First run: after the summary section, i.e. before the second "## " heading of the file.
        var first = readme.IndexOf("\n## ", StringComparison.Ordinal);
        var second = first < 0 ? -1 : readme.IndexOf("\n## ", first + 1, StringComparison.Ordinal);
        return second < 0 ? readme.TrimEnd() + "\n\n" + block + "\n" : readme[..(second + 1)] + block + "\n\n" + readme[(second + 1)..];
    }

    public static void Write(string path, string section) => File.WriteAllText(path, Replace(File.ReadAllText(path), section));
}
