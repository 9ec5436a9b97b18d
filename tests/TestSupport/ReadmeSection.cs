namespace AgentPlatform.TestSupport;

/// <summary>
/// A bench's section of bench/README.md, between <c>&lt;!-- {name}:begin --&gt;</c> and <c>&lt;!-- {name}:end --&gt;</c>,
/// so each bench rewrites only its own figures. The first time, the section goes right before the first "## " heading
/// after <see cref="ReadmeSection(string, string?)"/>'s anchor marker (or after the summary when there is none), else
/// at the end.
/// </summary>
public sealed class ReadmeSection(string name, string? after = null)
{
    public string Begin { get; } = $"<!-- {name}:begin -->";

    public string End { get; } = $"<!-- {name}:end -->";

    public string Replace(string readme, string section)
    {
        ArgumentNullException.ThrowIfNull(readme);
        ArgumentNullException.ThrowIfNull(section);
        var block = Begin + "\n" + section.TrimEnd() + "\n" + End;
        var begin = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        if (begin >= 0 && end > begin) return readme[..begin] + block + readme[(end + End.Length)..];
        var anchor = after is null ? readme.IndexOf("\n## ", StringComparison.Ordinal) : readme.IndexOf(after, StringComparison.Ordinal);
        var next = anchor < 0 ? -1 : readme.IndexOf("\n## ", anchor + 1, StringComparison.Ordinal);
        return next < 0 ? readme.TrimEnd() + "\n\n" + block + "\n" : readme[..(next + 1)] + block + "\n\n" + readme[(next + 1)..];
    }

    /// <summary>Rewrites bench/README.md of this checkout (or <paramref name="path"/>).</summary>
    public void Write(string section, string? path = null)
    {
        path ??= RepoPaths.Combine("bench", "README.md");
        File.WriteAllText(path, Replace(File.ReadAllText(path), section));
    }
}
