using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AgentPlatform.Protocol.AgentChat;

/// <summary>
/// The few JavaScript behaviours the signing payloads depend on: <c>JSON.stringify</c> of a string, <c>String(number)</c>
/// and truthiness. Signatures are over these strings, so they are reproduced byte for byte.
/// </summary>
public static class JavaScriptJson
{
    /// <summary><c>JSON.stringify(s)</c>: quotes, <c>\" \\ \b \f \n \r \t</c>, other controls and lone surrogates as <c>\uXXXX</c>, all else verbatim.</summary>
    public static void Quote(StringBuilder sb, string s)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(s);
        sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) AppendEscape(sb, c);
                    else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) sb.Append(c).Append(s[++i]);
                    else if (char.IsSurrogate(c)) AppendEscape(sb, c);
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary><c>String(x)</c> for a finite number (ECMAScript Number::toString: shortest round-trip digits).</summary>
    public static string FormatNumber(double x)
    {
        if (double.IsNaN(x)) return "NaN";
        if (double.IsInfinity(x)) return x > 0 ? "Infinity" : "-Infinity";
        if (x == 0) return "0";
        if (x < 0) return "-" + FormatNumber(-x);
        // "E16" gives 17 significant digits; "R" gives the shortest that round-trips, as ECMAScript requires.
        var r = x.ToString("R", CultureInfo.InvariantCulture);
        string digits;
        int exponent; // value = 0.digits × 10^exponent
        var e = r.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e < 0 ? r : r[..e];
        var exp10 = e < 0 ? 0 : int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var fracPart = dot < 0 ? "" : mantissa[(dot + 1)..];
        digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        exponent = intPart.Length + exp10 - leadingZeros;
        digits = digits.TrimEnd('0');
        var k = digits.Length;
        var n = exponent;
        if (k <= n && n <= 21) return digits + new string('0', n - k);
        if (0 < n && n <= 21) return digits[..n] + "." + digits[n..];
        if (-6 < n && n <= 0) return "0." + new string('0', -n) + digits;
        var sign = n - 1 >= 0 ? "+" : "-";
        var mant = k == 1 ? digits : digits[..1] + "." + digits[1..];
        return mant + "e" + sign + Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>JavaScript truthiness of a JSON value (absent counts as <c>undefined</c>: false).</summary>
    public static bool IsTruthy(JsonElement? value) => value switch
    {
        null => false,
        { ValueKind: JsonValueKind.String } v => v.GetString()!.Length > 0,
        { ValueKind: JsonValueKind.Number } v => v.GetDouble() is var d && d != 0 && !double.IsNaN(d),
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.Object or JsonValueKind.Array } => true,
        _ => false,
    };

    /// <summary><c>String(value || '')</c>: the text a JavaScript template or <c>join</c> gives a JSON value after <c>|| ''</c>.</summary>
    public static string OrEmpty(JsonElement? value)
    {
        if (!IsTruthy(value)) return "";
        var v = value!.Value;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString()!,
            JsonValueKind.Number => FormatNumber(v.GetDouble()),
            JsonValueKind.True => "true",
            JsonValueKind.Array => "", // rare on the wire; JavaScript joins elements, a signer using arrays is not supported
            _ => "[object Object]",
        };
    }

    private static void AppendEscape(StringBuilder sb, char c) => sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
}
