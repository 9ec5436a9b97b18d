using System.Security.Cryptography;
using System.Text;

namespace AgentPlatform.Client.AgentChat;

/// <summary>AgentChat agent ids and targets as the reference spells them.</summary>
public static class AgentIds
{
    /// <summary><c>@</c> + the first 8 hex digits of SHA-256 over the PEM text as sent (so the same key always gets the same id).</summary>
    public static string FromPublicKeyPem(string pem) =>
        "@" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(pem)))[..8];

    /// <summary>An agent target with its <c>@</c>, whether or not the caller wrote it.</summary>
    public static string Normalize(string agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return agent.StartsWith('@') ? agent : "@" + agent;
    }

    /// <summary>A channel with its <c>#</c>, whether or not the caller wrote it.</summary>
    public static string Channel(string channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.StartsWith('#') ? channel : "#" + channel;
    }
}
