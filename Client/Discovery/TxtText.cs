namespace AgentPlatform.Client.Discovery;

/// <summary>
/// Turns DnsClient's escaped TXT character-strings (master-file form: <c>\DDD</c> for a byte, <c>\c</c> for a
/// literal character) back into the bytes on the wire, joined without separators as AID reads a record.
/// </summary>
internal static class TxtText
{
    public static byte[] Concatenate(IEnumerable<string> escapedStrings)
    {
        var bytes = new List<byte>();
        foreach (var s in escapedStrings)
        {
            for (var i = 0; i < s.Length; i++)
            {
                if (s[i] == '\\' && IsDigits(s, i + 1))
                {
                    bytes.Add((byte)((s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0')));
                    i += 3;
                }
                else if (s[i] == '\\' && i + 1 < s.Length)
                {
                    bytes.Add((byte)s[++i]);
                }
                else
                {
                    // Unescaped characters are printable ASCII: one byte each.
                    bytes.Add((byte)s[i]);
                }
            }
        }
        return [.. bytes];
    }

    private static bool IsDigits(string s, int at) =>
        at + 2 < s.Length && char.IsAsciiDigit(s[at]) && char.IsAsciiDigit(s[at + 1]) && char.IsAsciiDigit(s[at + 2]);
}
