namespace AgentPlatform.AgentChat.Bench;

/// <summary>
/// Writes the run into bench/README.md between <c>&lt;!-- agentchat-bench:begin --&gt;</c> and
/// <c>&lt;!-- agentchat-bench:end --&gt;</c>; the first time, the section is appended at the end of the file.
/// </summary>
public static class ReadmeSection
{
    public const string Begin = "<!-- agentchat-bench:begin -->";
    public const string End = "<!-- agentchat-bench:end -->";

    public static string Replace(string readme, string section)
    {
        ArgumentNullException.ThrowIfNull(readme);
        ArgumentNullException.ThrowIfNull(section);
        var block = Begin + "\n" + section.TrimEnd() + "\n" + End;
        var begin = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        return begin >= 0 && end > begin ? readme[..begin] + block + readme[(end + End.Length)..] : readme.TrimEnd() + "\n\n" + block + "\n";
    }

    public static void Write(string path, string section) => File.WriteAllText(path, Replace(File.ReadAllText(path), section));
}
