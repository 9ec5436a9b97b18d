using System.Diagnostics.CodeAnalysis;

namespace AgentPlatform.Protocol.AgentChat;

/// <summary>
/// Ed25519 keys in the PEM forms node's <c>crypto</c> writes (the reference's identity files and IDENTIFY pubkeys):
/// SPKI <c>PUBLIC KEY</c> and PKCS#8 <c>PRIVATE KEY</c>. Both are a fixed DER prefix and the 32 raw key bytes, so this
/// is pure byte work; the signing itself lives with whoever holds a crypto library.
/// </summary>
public static class Ed25519Pem
{
    /// <summary>Raw key length.</summary>
    public const int KeyLength = 32;

    // SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (0 unused bits) <32 bytes> }
    private static readonly byte[] SpkiPrefix = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

    // SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING <32 bytes> } }
    private static readonly byte[] Pkcs8Prefix = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

    /// <summary>The raw public key of an SPKI PEM, or false for anything that is not exactly one Ed25519 public key.</summary>
    public static bool TryParsePublicKey(string? pem, [NotNullWhen(true)] out byte[]? key) => TryParse(pem, "PUBLIC KEY", SpkiPrefix, out key);

    /// <summary>The raw 32-byte seed of a PKCS#8 PEM private key.</summary>
    public static bool TryParsePrivateKey(string? pem, [NotNullWhen(true)] out byte[]? key) => TryParse(pem, "PRIVATE KEY", Pkcs8Prefix, out key);

    /// <summary>An SPKI PEM exactly as node's <c>export({type:'spki',format:'pem'})</c> writes it (trailing newline included).</summary>
    public static string FormatPublicKey(ReadOnlySpan<byte> key) => Format(key, "PUBLIC KEY", SpkiPrefix);

    /// <summary>A PKCS#8 PEM exactly as node's <c>export({type:'pkcs8',format:'pem'})</c> writes it.</summary>
    public static string FormatPrivateKey(ReadOnlySpan<byte> seed) => Format(seed, "PRIVATE KEY", Pkcs8Prefix);

    private static string Format(ReadOnlySpan<byte> key, string label, byte[] prefix)
    {
        if (key.Length != KeyLength) throw new ArgumentException($"an Ed25519 key is {KeyLength} bytes", nameof(key));
        var der = new byte[prefix.Length + KeyLength];
        prefix.CopyTo(der, 0);
        key.CopyTo(der.AsSpan(prefix.Length));
        // Both DER forms are under 48 bytes: one base64 line, as node writes them.
        return $"-----BEGIN {label}-----\n{Convert.ToBase64String(der)}\n-----END {label}-----\n";
    }

    private static bool TryParse(string? pem, string label, byte[] prefix, [NotNullWhen(true)] out byte[]? key)
    {
        key = null;
        if (pem is null || pem.Length > 1024) return false;
        var begin = $"-----BEGIN {label}-----";
        var end = $"-----END {label}-----";
        var text = pem.Trim();
        if (!text.StartsWith(begin, StringComparison.Ordinal) || !text.EndsWith(end, StringComparison.Ordinal) || text.Length < begin.Length + end.Length) return false;
        var body = text[begin.Length..^end.Length];
        Span<byte> der = stackalloc byte[96];
        if (!Convert.TryFromBase64String(body.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim(), der, out var written)) return false;
        if (written != prefix.Length + KeyLength || !der[..prefix.Length].SequenceEqual(prefix)) return false;
        key = der.Slice(prefix.Length, KeyLength).ToArray();
        return true;
    }
}
