using System.Text;
using AgentPlatform.Protocol.AgentChat;
using NSec.Cryptography;

namespace AgentPlatform.Server.UnitTests.AgentChat;

/// <summary>An Ed25519 identity for tests: the SPKI PEM a reference client would send, and base64 signing.</summary>
internal sealed class TestKey : IDisposable
{
    private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });

    public TestKey() => Pem = Ed25519Pem.FormatPublicKey(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey));

    public string Pem { get; }

    public string AgentId => AgentChatIds.FromPublicKey(Pem);

    public string Sign(string content) => Convert.ToBase64String(SignatureAlgorithm.Ed25519.Sign(_key, Encoding.UTF8.GetBytes(content)));

    public void Dispose() => _key.Dispose();
}
