using System.Security.Cryptography;
using System.Text;

namespace AgentPlatform.Dashboard.Hosting;

/// <summary>
/// The dashboard's login credential (<c>Dashboard:AccessToken</c>), compared in constant time. Empty = no login
/// (local development on loopback). Cookies carry a fingerprint of it, so rotating the token ends every session.
/// </summary>
public sealed class DashboardCredential(DashboardOptions options)
{
    private readonly byte[]? _hash = string.IsNullOrEmpty(options?.AccessToken) ? null : Hash(options.AccessToken);

    /// <summary>Whether a login is required at all.</summary>
    public bool Required => _hash is not null;

    /// <summary>A claim value naming this credential without revealing it (a keyed hash, not the token).</summary>
    public string Fingerprint => _hash is null ? "" : Convert.ToHexString(SHA256.HashData([.. "dashboard-session:"u8, .. _hash]))[..32];

    public bool Matches(string? presented) =>
        _hash is not null && presented is not null && CryptographicOperations.FixedTimeEquals(Hash(presented), _hash);

    // Hashing first makes the comparison constant-time whatever the presented length.
    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
