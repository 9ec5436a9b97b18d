using System.Globalization;
using System.Text;

namespace AgentPlatform.Protocol.Aid;

/// <summary>
/// Writes an AID TXT value in the form of seed 001 (<c>v=aid1;p=websocket;uri=wss://…;desc=…</c>). A record that
/// would not parse back (a ';' in a value, an invalid field) is refused, so everything written is valid.
/// </summary>
public static class AidRecordFormatter
{
    public static bool TryFormat(AidRecord record, out string? txt, out AidError? error)
    {
        ArgumentNullException.ThrowIfNull(record);
        txt = null;
        var parts = new List<string> { "v=" + record.Version, "p=" + record.Proto, "uri=" + record.Uri };
        if (record.Auth is not null) parts.Add("auth=" + record.Auth);
        if (record.Desc is not null) parts.Add("desc=" + record.Desc);
        if (record.Docs is not null) parts.Add("docs=" + record.Docs);
        if (record.Dep is { } dep) parts.Add("dep=" + dep.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        if (record.Pka is not null) parts.Add("pka=" + record.Pka);
        if (record.Kid is not null) parts.Add("kid=" + record.Kid);
        foreach (var p in parts)
        {
            var value = p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..];
            if (value.Contains(';', StringComparison.Ordinal) || value.Trim().Length != value.Length || value.Length == 0)
            {
                error = new AidError(AidErrorCode.InvalidTxt, "a value is empty, padded or contains ';'");
                return false;
            }
        }
        var candidate = string.Join(';', parts);
        if (!AidRecordParser.TryParse(candidate, out _, out error)) return false;
        txt = candidate;
        return true;
    }

    /// <summary>Cuts a TXT value into DNS character-strings of at most 255 bytes (RFC 1035 §3.3.14); readers concatenate them.</summary>
    public static IReadOnlyList<byte[]> SplitCharacterStrings(string txt)
    {
        var bytes = Encoding.UTF8.GetBytes(txt ?? throw new ArgumentNullException(nameof(txt)));
        var result = new List<byte[]>();
        for (var i = 0; i < bytes.Length; i += 255) result.Add(bytes[i..Math.Min(bytes.Length, i + 255)]);
        if (result.Count == 0) result.Add([]);
        return result;
    }

    /// <summary>A zone-file TXT right-hand side: quoted character-strings, with '"', '\' and non-printable bytes escaped as \DDD.</summary>
    public static string ZoneFileStrings(string txt)
    {
        var sb = new StringBuilder();
        foreach (var chunk in SplitCharacterStrings(txt))
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append('"');
            foreach (var b in chunk)
            {
                if (b is < 0x20 or > 0x7E or (byte)'"' or (byte)'\\') sb.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
                else sb.Append((char)b);
            }
            sb.Append('"');
        }
        return sb.ToString();
    }
}
