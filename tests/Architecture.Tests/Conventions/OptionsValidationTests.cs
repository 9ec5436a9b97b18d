using System.Text.RegularExpressions;
using AgentPlatform.Architecture.Tests.Support;

namespace AgentPlatform.Architecture.Tests.Conventions;

/// <summary>Options are validated at start, often by several hosts at once in one test process.</summary>
public sealed partial class OptionsValidationTests
{
    [GeneratedRegex(@"\[\s*Range\s*\(\s*typeof\s*\(")]
    private static partial Regex RangeWithOperandType();

    [Fact]
    public void No_options_use_RangeAttribute_with_string_bounds()
    {
        // RangeAttribute(typeof(T), "min", "max") converts and overwrites its bounds on first use, so two hosts
        // validating one options type at once can throw InvalidCastException (it failed CI once). DurationRange
        // parses its bounds in its constructor.
        var offenders = Repository.ProductProjectFiles()
            .SelectMany(project => Directory.EnumerateFiles(Path.GetDirectoryName(project)!, "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(file => RangeWithOperandType().IsMatch(File.ReadAllText(file)))
            .Select(Repository.Relative)
            .ToList();
        Assert.True(offenders.Count == 0, "use [DurationRange(min, max)] instead of [Range(typeof(...), ...)] in:\n" + string.Join('\n', offenders));
    }
}
