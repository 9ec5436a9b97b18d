using System.Text;
using NSec.Cryptography;

namespace AgentPlatform.Server.AgentChat;

/// <summary>Ed25519 verification of AgentChat signatures: base64 over the UTF-8 bytes of the signed string.</summary>
public static class Ed25519Signatures
{
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    /// <summary>True only for a well-formed base64 64-byte signature of <paramref name="content"/> by <paramref name="publicKey"/> (32 raw bytes).</summary>
    public static bool Verify(byte[] publicKey, string content, string signatureBase64)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(content);
        if (string.IsNullOrEmpty(signatureBase64) || signatureBase64.Length > 200) return false;
        Span<byte> signature = stackalloc byte[150];
        if (!Convert.TryFromBase64String(signatureBase64, signature, out var length) || length != Algorithm.SignatureSize) return false;
        if (!PublicKey.TryImport(Algorithm, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null) return false;
        return Algorithm.Verify(key, Encoding.UTF8.GetBytes(content), signature[..length]);
    }
}
