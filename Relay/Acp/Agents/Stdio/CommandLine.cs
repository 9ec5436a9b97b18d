using System.Text;

namespace AgentPlatform.Relay.Acp.Agents.Stdio;

/// <summary>
/// Splits <c>Acp:Agents:{name}:Command</c> into a program and its arguments the way a POSIX shell splits words, without
/// running a shell (no expansion, no redirection): whitespace separates words, single quotes keep everything literal,
/// double quotes group words and let a backslash escape <c>"</c>, <c>\</c>, <c>$</c> and <c>`</c>, and a backslash outside
/// quotes keeps the next character. An empty quoted string is a word.
/// </summary>
public static class CommandLine
{
    /// <summary>The words of <paramref name="commandLine"/>; empty for blank input. Throws <see cref="FormatException"/> on an unclosed quote or a trailing backslash.</summary>
    public static IReadOnlyList<string> Split(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            switch (c)
            {
                case '\'':
                    var close = commandLine.IndexOf('\'', i + 1);
                    if (close < 0) throw new FormatException("unclosed single quote at position " + i);
                    word.Append(commandLine, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    i = DoubleQuoted(commandLine, i, word);
                    break;
                case '\\':
                    if (i + 1 >= commandLine.Length) throw new FormatException("trailing backslash");
                    word.Append(commandLine[++i]);
                    break;
                default:
                    word.Append(c);
                    break;
            }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }

    /// <summary>Appends the double-quoted text that opens at <paramref name="open"/>; returns the index of the closing quote.</summary>
    private static int DoubleQuoted(string text, int open, StringBuilder word)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"') return i;
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
            {
                word.Append(text[++i]);
                continue;
            }
            word.Append(c);
        }
        throw new FormatException("unclosed double quote at position " + open);
    }
}
