using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace AgentPlatform.Protocol.WebPubSub.Auth;

/// <summary>
/// HS256 JWTs as Azure Web PubSub uses them for clients and for the REST API: the HMAC key is the UTF-8 bytes of
/// the access key (not base64-decoded). Pure functions over strings and a clock, so they are testable with exact
/// bytes. A dedicated implementation because the general-purpose JWT library refuses keys shorter than 256 bits,
/// which the official JS SDK signs with happily.
/// </summary>
public static class WebPubSubAccessToken
{
    /// <summary>Clock skew allowed at validation, as the official emulator allows.</summary>
    public static readonly TimeSpan DefaultSkew = TimeSpan.FromMinutes(5);

    private const string HeaderJson = """{"alg":"HS256","typ":"JWT"}""";

    /// <summary>
    /// Creates a token. <paramref name="roles"/> and <paramref name="groups"/> become the <c>role</c> and
    /// <c>webpubsub.group</c> arrays when non-empty; <c>nbf</c> = <c>iat</c> = now.
    /// </summary>
    public static string Create(string accessKey, string audience, DateTimeOffset now, TimeSpan lifetime,
        string? userId = null, IReadOnlyCollection<string>? roles = null, IReadOnlyCollection<string>? groups = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKey);
        using var payload = new MemoryStream();
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            if (userId is not null) json.WriteString("sub", userId);
            if (roles is { Count: > 0 }) WriteArray(json, "role", roles);
            if (groups is { Count: > 0 }) WriteArray(json, "webpubsub.group", groups);
            var iat = now.ToUnixTimeSeconds();
            json.WriteNumber("nbf", iat);
            json.WriteNumber("exp", (now + lifetime).ToUnixTimeSeconds());
            json.WriteNumber("iat", iat);
            json.WriteString("aud", audience);
            json.WriteEndObject();
        }
        var signingInput = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(HeaderJson)) + "." + Base64Url.EncodeToString(payload.ToArray());
        return signingInput + "." + Base64Url.EncodeToString(Sign(accessKey, signingInput));
    }

    /// <summary>
    /// Validates signature (against any of <paramref name="accessKeys"/>), <c>alg</c>, <c>exp</c>/<c>nbf</c> with
    /// <paramref name="skew"/>, and that <c>aud</c> satisfies <paramref name="audienceMatches"/>. Returns false with a
    /// reason that is safe to show the caller (never the token or the key).
    /// </summary>
    public static bool TryValidate(string? token, IReadOnlyList<string> accessKeys, Func<string, bool> audienceMatches,
        DateTimeOffset now, TimeSpan skew, [NotNullWhen(true)] out WebPubSubTokenClaims? claims, out string error)
    {
        ArgumentNullException.ThrowIfNull(accessKeys);
        ArgumentNullException.ThrowIfNull(audienceMatches);
        claims = null;
        if (string.IsNullOrEmpty(token) || token.Length > 16 * 1024)
        {
            error = "missing access token";
            return false;
        }
        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || token.IndexOf('.', second + 1) >= 0)
        {
            error = "the access token is not a JWT";
            return false;
        }
        if (!TryDecode(token.AsSpan(0, first), out var header) || !TryDecode(token.AsSpan(first + 1, second - first - 1), out var payload)
            || !TryDecode(token.AsSpan(second + 1), out var signature))
        {
            error = "the access token is not base64url";
            return false;
        }
        if (!Utf8.IsValid(header) || !Utf8.IsValid(payload))
        {
            error = "the access token is not UTF-8 JSON";
            return false;
        }
        var signingInput = token[..second];
        var signed = false;
        foreach (var key in accessKeys)
        {
            if (!string.IsNullOrEmpty(key) && CryptographicOperations.FixedTimeEquals(Sign(key, signingInput), signature))
            {
                signed = true;
                break;
            }
        }
        try
        {
            using (var h = JsonDocument.Parse(header))
            {
                if (h.RootElement.ValueKind != JsonValueKind.Object || !h.RootElement.TryGetProperty("alg", out var alg)
                    || alg.ValueKind != JsonValueKind.String || alg.GetString() != "HS256")
                {
                    error = "the access token must be signed with HS256";
                    return false;
                }
            }
            if (!signed)
            {
                error = "the access token signature is invalid";
                return false;
            }
            using var p = JsonDocument.Parse(payload);
            return TryReadClaims(p.RootElement, audienceMatches, now, skew, out claims, out error);
        }
        catch (JsonException)
        {
            error = "the access token is not JSON";
            return false;
        }
    }

    /// <summary>The raw HMAC-SHA256 of <paramref name="text"/> keyed by the UTF-8 bytes of the access key.</summary>
    public static byte[] Sign(string accessKey, string text) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), Encoding.UTF8.GetBytes(text));

    private static bool TryReadClaims(JsonElement root, Func<string, bool> audienceMatches, DateTimeOffset now, TimeSpan skew,
        [NotNullWhen(true)] out WebPubSubTokenClaims? claims, out string error)
    {
        claims = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "the access token payload must be a JSON object";
            return false;
        }
        var all = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            all[property.Name] = ToStrings(property.Value);
        }
        DateTimeOffset? expires = null;
        if (root.TryGetProperty("exp", out var exp))
        {
            if (!TryReadTime(exp, out var expTime)) { error = "exp must be a number of seconds"; return false; }
            expires = expTime;
            if (expTime < now - skew) { error = "the access token has expired"; return false; }
        }
        if (root.TryGetProperty("nbf", out var nbf))
        {
            if (!TryReadTime(nbf, out var nbfTime)) { error = "nbf must be a number of seconds"; return false; }
            if (nbfTime > now + skew) { error = "the access token is not valid yet"; return false; }
        }
        if (!all.TryGetValue("aud", out var audiences) || audiences.Length == 0 || !audiences.Any(audienceMatches))
        {
            error = "the access token audience does not match this URL";
            return false;
        }
        var userId = all.TryGetValue("sub", out var sub) && sub.Length > 0 ? sub[0] : null;
        var roles = all.TryGetValue("role", out var r) ? r : [];
        var groups = all.TryGetValue("webpubsub.group", out var g) ? g : [];
        claims = new WebPubSubTokenClaims(userId, roles, groups, all, expires);
        error = "";
        return true;
    }

    /// <summary>
    /// A NumericDate within what <see cref="DateTimeOffset"/> holds: a forged or garbled token must fail with a
    /// reason, never with an exception (years before 1 or after 9999 are clamped to the ends of the range).
    /// </summary>
    internal static bool TryReadTime(JsonElement value, out DateTimeOffset time)
    {
        time = default;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var seconds)) return false;
        var min = DateTimeOffset.MinValue.ToUnixTimeSeconds();
        var max = DateTimeOffset.MaxValue.ToUnixTimeSeconds();
        time = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, min, max));
        return true;
    }

    private static string[] ToStrings(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => [.. value.EnumerateArray().Select(Scalar)],
        _ => [Scalar(value)],
    };

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    private static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (!Base64Url.IsValid(text, out var length)) return false;
        bytes = new byte[length];
        return Base64Url.TryDecodeFromChars(text, bytes, out _);
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) json.WriteStringValue(v);
        json.WriteEndArray();
    }
}
