using System.Text;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>Dictionary tokens shared by the formats: JSON punctuation and edge values, MessagePack codes and lengths.</summary>
public static class FuzzTokens
{
    /// <summary>Texts as UTF-8 (the JSON seeds).</summary>
    public static IEnumerable<byte[]> Utf8(params string[] texts) => texts.Select(Encoding.UTF8.GetBytes);

    /// <summary>JSON punctuation, literals, extreme numbers, bad escapes, invalid UTF-8, lone surrogates and deep nesting.</summary>
    public static IReadOnlyList<byte[]> Json(params string[] keys)
    {
        List<byte[]> tokens =
        [
            .. new[]
            {
                "{", "}", "[", "]", "\"", ":", ",", "\\", " ", "\n", "null", "true", "false", "0", "-0", "-", "1e999",
                "-1e-999", "1.7976931348623157e309", "18446744073709551616", "-9223372036854775809",
                "99999999999999999999999999999999", "0.0000000000000000000000001", "NaN", "Infinity", "\"\\ud800\"",
                "\"\\udc00x\"", "\"\\ud800\\u0041\"", "\\u0000", "\\uZZZZ", "\\", "\"\\\"", "/*", "//", "{}", "[]",
                "\"\"", "{\"\":\"\"}", "\"a\":1,", "\"a\":\"", "\t\r", "\u00e9", "\u2028", "\ud83d\ude00",
                new string('[', 100), new string(']', 100), new string('[', 5000), string.Concat(Enumerable.Repeat("{\"a\":", 300)),
                new string('x', 4096), string.Concat(Enumerable.Repeat("\\u0041", 100)),
            }.Select(Encoding.UTF8.GetBytes),
            [0xC3, 0x28], [0xFF], [0xFE, 0xFF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF],
            [0xE2, 0x82], [0xEF, 0xBB, 0xBF], [0x00],
        ];
        foreach (var key in keys)
        {
            tokens.Add(Encoding.UTF8.GetBytes("\"" + key + "\""));
            tokens.Add(Encoding.UTF8.GetBytes("\"" + key + "\":"));
        }
        return tokens;
    }

    /// <summary>MessagePack codes that announce lengths or counts, maxed-out lengths, deep nesting, invalid UTF-8 strings.</summary>
    public static IReadOnlyList<byte[]> MessagePack(params string[] keys)
    {
        List<byte[]> tokens =
        [
            .. new byte[]
            {
                0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9,
                0xca, 0xcb, 0xcc, 0xcf, 0xd0, 0xd3, 0xd4, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xff,
            }.Select(b => new[] { b }),
            [0xdb, 0xff, 0xff, 0xff, 0xff], [0xdd, 0xff, 0xff, 0xff, 0xff], [0xdf, 0xff, 0xff, 0xff, 0xff],
            [0xc6, 0xff, 0xff, 0xff, 0xff], [0xc9, 0xff, 0xff, 0xff, 0xff, 0x01], [0xdc, 0xff, 0xff], [0xde, 0xff, 0xff],
            [0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], [0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0],
            [0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0], [0xd6, 0xff, 0xff, 0xff, 0xff, 0xff], [0xd7, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            [0xc7, 0x0c, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            [0xa2, 0xc3, 0x28], [0xa3, 0xed, 0xa0, 0x80], [0xa1, 0xff], [0xd9, 0x00],
            [.. Enumerable.Repeat((byte)0x91, 100)], [.. Enumerable.Repeat((byte)0x91, 5000)], [.. Enumerable.Repeat((byte)0x81, 300)],
            [0x81, 0x81, 0x81, 0x81, 0x81],
        ];
        foreach (var key in keys)
        {
            var utf8 = Encoding.UTF8.GetBytes(key);
            tokens.Add([(byte)(0xa0 | utf8.Length), .. utf8]);
        }
        return tokens;
    }
}
