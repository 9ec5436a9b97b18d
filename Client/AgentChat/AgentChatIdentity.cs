using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.AgentChat;
using NSec.Cryptography;

namespace AgentPlatform.Client.AgentChat;

/// <summary>
/// A persistent AgentChat identity: an Ed25519 key pair and its file, <c>./.agentchat/identity.json</c>
/// (<c>name</c>, <c>pubkey</c> as SPKI PEM, <c>privkey</c> as PKCS#8 PEM, <c>created</c>; mode 0600). The PEM text is
/// written byte for byte as node's <c>KeyObject.export</c> writes it, because the agent id is the hash of that text:
/// the reference client and this one read each other's files and get the same id.
/// </summary>
public sealed class AgentChatIdentity
{
    /// <summary>The file the reference uses, relative to the working directory.</summary>
    public const string DefaultPath = ".agentchat/identity.json";

    private AgentChatIdentity(string name, string publicKeyPem, string? privateKeyPem, string created, byte[] publicKey, byte[]? seed)
    {
        Name = name;
        PublicKeyPem = publicKeyPem;
        PrivateKeyPem = privateKeyPem;
        Created = created;
        PublicKey = publicKey;
        _seed = seed;
    }

    private readonly byte[]? _seed;

    /// <summary>The name the identity was generated with (sent in IDENTIFY).</summary>
    public string Name { get; }

    /// <summary>The public key as SPKI PEM, exactly the text sent in IDENTIFY.</summary>
    public string PublicKeyPem { get; }

    /// <summary>The private key as PKCS#8 PEM; null for an exported (public-only) identity.</summary>
    public string? PrivateKeyPem { get; }

    /// <summary>When the key pair was generated (ISO 8601, as the reference writes it).</summary>
    public string Created { get; }

    /// <summary>The raw 32-byte public key.</summary>
    public ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>Whether this identity can sign (it has its private key).</summary>
    public bool CanSign => _seed is not null;

    /// <summary>The stable agent id, <c>@</c> + the first 8 hex digits of SHA-256 over the PEM text.</summary>
    public string AgentId => AgentChatIds.FromPublicKey(PublicKeyPem);

    /// <summary>A fresh key pair.</summary>
    public static AgentChatIdentity Generate(string name, TimeProvider? time = null)
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        var created = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return FromSeed(name, seed, created);
    }

    /// <summary>The identity of a 32-byte Ed25519 seed (tests use fixed seeds).</summary>
    public static AgentChatIdentity FromSeed(string name, byte[] seed, string created)
    {
        ArgumentNullException.ThrowIfNull(seed);
        if (seed.Length != 32) throw new ArgumentException("an Ed25519 seed is 32 bytes", nameof(seed));
        using var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        var publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        return new AgentChatIdentity(name, Ed25519Pem.FormatPublicKey(publicKey), Ed25519Pem.FormatPrivateKey(seed), created, publicKey, (byte[])seed.Clone());
    }

    /// <summary>Parses the JSON of an identity file (ours or the reference's).</summary>
    /// <exception cref="FormatException">The JSON is not an identity or a key is not Ed25519.</exception>
    public static AgentChatIdentity Parse(string json)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("an identity file holds a JSON object");
        }
        catch (JsonException ex)
        {
            throw new FormatException("the identity file is not JSON: " + ex.Message, ex);
        }
        var name = Text(root, "name") ?? throw new FormatException("the identity has no name");
        var pubkey = Text(root, "pubkey") ?? throw new FormatException("the identity has no pubkey");
        var privkey = Text(root, "privkey");
        var created = Text(root, "created") ?? "";
        if (!Ed25519Pem.TryParsePublicKey(pubkey, out var publicKey)) throw new FormatException("the pubkey is not an Ed25519 SPKI PEM");
        byte[]? seed = null;
        if (privkey is not null)
        {
            if (!Ed25519Pem.TryParsePrivateKey(privkey, out seed)) throw new FormatException("the privkey is not an Ed25519 PKCS#8 PEM");
            using var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
            if (!key.PublicKey.Export(KeyBlobFormat.RawPublicKey).AsSpan().SequenceEqual(publicKey))
            {
                throw new FormatException("the identity's privkey does not belong to its pubkey");
            }
        }
        return new AgentChatIdentity(name, pubkey, privkey, created, publicKey, seed);
    }

    /// <summary>Reads an identity file.</summary>
    public static AgentChatIdentity Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>The file's JSON, two-space indented as the reference writes it.</summary>
    public string ToJson(bool includePrivateKey = true)
    {
        var root = new JsonObject { ["name"] = Name, ["pubkey"] = PublicKeyPem };
        if (includePrivateKey && PrivateKeyPem is not null) root["privkey"] = PrivateKeyPem;
        root["created"] = Created;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 2 });
    }

    /// <summary>
    /// Writes the identity file, creating its folder: into a fresh temporary file created with mode 0600 (never
    /// readable by others, not even briefly, whatever the old file's mode), then renamed over the old one, so a crash
    /// mid-write never leaves a truncated key.
    /// </summary>
    public void Save(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(ToJson()));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Signs UTF-8 text; the signature in base64, as the reference sends it.</summary>
    /// <exception cref="InvalidOperationException">The identity has no private key.</exception>
    public string Sign(string text)
    {
        if (_seed is null) throw new InvalidOperationException("this identity has no private key (it was exported)");
        using var key = Key.Import(SignatureAlgorithm.Ed25519, _seed, KeyBlobFormat.RawPrivateKey);
        return Convert.ToBase64String(SignatureAlgorithm.Ed25519.Sign(key, Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Verifies a base64 signature over UTF-8 text against an SPKI PEM public key; false for anything malformed.</summary>
    public static bool Verify(string text, string signature, string publicKeyPem)
    {
        try
        {
            if (!Ed25519Pem.TryParsePublicKey(publicKeyPem, out var raw)) return false;
            var publicKey = NSec.Cryptography.PublicKey.Import(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPublicKey);
            return SignatureAlgorithm.Ed25519.Verify(publicKey, Encoding.UTF8.GetBytes(text), Convert.FromBase64String(signature));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return false;
        }
    }

    private static string? Text(JsonObject root, string name) =>
        root[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
