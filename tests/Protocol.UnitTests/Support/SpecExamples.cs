using System.Text.RegularExpressions;

namespace AgentPlatform.Protocol.UnitTests.Support;

/// <summary>Reads the worked examples (name, message bytes, body as JSON) out of docs/protocol/asp-v1.md.</summary>
public static partial class SpecExamples
{
    public static IReadOnlyDictionary<string, (byte[] Bytes, string Json)> Load()
    {
        var text = SpecDocument.Text;
        var examples = new Dictionary<string, (byte[], string)>();
        foreach (Match match in ExampleBlock().Matches(text))
        {
            examples.Add(match.Groups["name"].Value, (Hex.Parse(match.Groups["hex"].Value), match.Groups["json"].Value.Trim()));
        }
        return examples;
    }

    [GeneratedRegex(@"#### Example `(?<name>[a-z-]+)`[^\n]*\n(?:(?!####)[^\n]*\n)*?```hex\n(?<hex>[0-9a-f \n]+)```\n```json\n(?<json>[^`]+)```")]
    private static partial Regex ExampleBlock();
}
