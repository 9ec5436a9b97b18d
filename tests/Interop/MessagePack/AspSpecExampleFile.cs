using System.Text.RegularExpressions;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Interop.MessagePack;

/// <summary>The worked examples of docs/protocol/asp-v1.md: name, hex of the whole message, documented JSON body.</summary>
public static partial class AspSpecExampleFile
{
    public static IReadOnlyList<(string Name, string Hex, string Json)> Load()
    {
        var text = File.ReadAllText(RepoPaths.Combine("docs", "protocol", "asp-v1.md"));
        return ExampleBlock().Matches(text)
            .Select(m => (m.Groups["name"].Value, new string(m.Groups["hex"].Value.Where(Uri.IsHexDigit).ToArray()), m.Groups["json"].Value.Trim()))
            .ToList();
    }

    [GeneratedRegex(@"#### Example `(?<name>[a-z-]+)`[^\n]*\n(?:(?!####)[^\n]*\n)*?```hex\n(?<hex>[0-9a-f \n]+)```\n```json\n(?<json>[^`]+)```")]
    private static partial Regex ExampleBlock();
}
