using System.Security.Cryptography;
using System.Text;

namespace AgentPlatform.Protocol.WebPubSub.CloudEvents;

/// <summary>
/// The ce-signature header: <c>sha256=&lt;hex&gt;</c> per access key, comma-separated, where hex is lowercase
/// HMAC-SHA256(key = UTF-8 access key, message = UTF-8 connection id).
/// </summary>
public static class WebPubSubSignature
{
    /// <summary>The header value for the given keys (primary first).</summary>
    public static string Create(string connectionId, IEnumerable<string> accessKeys)
    {
        ArgumentNullException.ThrowIfNull(accessKeys);
        return string.Join(',', accessKeys.Where(k => !string.IsNullOrEmpty(k)).Select(k => "sha256=" + Hex(connectionId, k)));
    }

    /// <summary>
    /// True when any signature in <paramref name="header"/> matches any key. Splits on ',' and spaces and compares
    /// the hex case-insensitively, as the .NET handler does.
    /// </summary>
    public static bool Verify(string? header, string connectionId, IEnumerable<string> accessKeys)
    {
        ArgumentNullException.ThrowIfNull(accessKeys);
        if (string.IsNullOrEmpty(header)) return false;
        var offered = header.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var key in accessKeys)
        {
            if (string.IsNullOrEmpty(key)) continue;
            var expected = Encoding.ASCII.GetBytes(("sha256=" + Hex(connectionId, key)).ToUpperInvariant());
            foreach (var candidate in offered)
            {
                var bytes = Encoding.ASCII.GetBytes(candidate.ToUpperInvariant());
                if (CryptographicOperations.FixedTimeEquals(bytes, expected)) return true;
            }
        }
        return false;
    }

    private static string Hex(string connectionId, string key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(connectionId)));
}
