using System.Text;

namespace AgentPlatform.Registry.Auth;

/// <summary>The configured write key (UTF-8 bytes), or null when anonymous writes are allowed.</summary>
public sealed class RegistryKey(string? key)
{
    public byte[]? Bytes { get; } = string.IsNullOrEmpty(key) ? null : Encoding.UTF8.GetBytes(key);
}
