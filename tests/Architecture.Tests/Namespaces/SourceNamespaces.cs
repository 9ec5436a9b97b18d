using System.Text.RegularExpressions;

namespace AgentPlatform.Architecture.Tests.Namespaces;

/// <summary>The namespaces a C# file declares, and the one its folder calls for.</summary>
public static partial class SourceNamespaces
{
    /// <summary>Block and file-scoped declarations at the start of a line, comments removed first.</summary>
    public static IReadOnlyList<string> Declared(string source) =>
        [.. Declaration().Matches(Comment().Replace(source, "")).Select(m => m.Groups["name"].Value)];

    /// <summary>True when the file declares a type (a file without a namespace must not).</summary>
    public static bool DeclaresType(string source) => TypeDeclaration().IsMatch(Comment().Replace(source, ""));

    /// <summary>AgentPlatform.&lt;Project&gt; followed by the folders between the project and the file.</summary>
    public static string Expected(string project, string relativeFolder) =>
        string.Join('.', new[] { "AgentPlatform", project }.Concat(relativeFolder.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries).Where(part => part != ".")));

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^[ \t]*namespace[ \t]+(?<name>[A-Za-z_][A-Za-z0-9_.]*)[ \t\r\n]*[;{]", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^[ \t]*(?:(?:public|internal|private|protected|file|static|sealed|abstract|partial|readonly|ref|unsafe)[ \t]+)*(?:class|struct|interface|enum|record|delegate)[ \t]+[A-Za-z_]", RegexOptions.Multiline)]
    private static partial Regex TypeDeclaration();
}
