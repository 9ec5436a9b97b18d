using System.Globalization;

namespace AgentPlatform.Protocol.UnitTests.Support;

/// <summary>Hex as the spec writes it: lowercase byte pairs separated by spaces or newlines.</summary>
public static class Hex
{
    public static byte[] Parse(string text)
    {
        var digits = new string(text.Where(Uri.IsHexDigit).ToArray());
        if (digits.Length % 2 != 0) throw new FormatException("odd number of hex digits");
        var bytes = new byte[digits.Length / 2];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = byte.Parse(digits.AsSpan(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return bytes;
    }

    public static string Format(ReadOnlySpan<byte> bytes) => string.Join(' ', bytes.ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
