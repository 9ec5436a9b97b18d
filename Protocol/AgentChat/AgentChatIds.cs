using System.Security.Cryptography;
using System.Text;

namespace AgentPlatform.Protocol.AgentChat;

/// <summary>Agent, proposal and challenge ids the way the reference makes them, so the same key gets the same id on either server.</summary>
public static class AgentChatIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The persistent id of a public key: <c>@</c> + the first 8 hex digits of sha256 over the PEM exactly as sent (UTF-8).</summary>
    public static string FromPublicKey(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(pem), hash);
        return "@" + Convert.ToHexStringLower(hash[..4]);
    }

    /// <summary>An ephemeral id: <c>@</c> + 8 random characters of <c>[a-z0-9]</c>.</summary>
    public static string NewEphemeral()
    {
        Span<char> id = stackalloc char[9];
        id[0] = '@';
        for (var i = 1; i < id.Length; i++) id[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(id);
    }

    /// <summary>A proposal id, <c>prop_&lt;ms base36&gt;_&lt;8 hex&gt;</c>.</summary>
    public static string NewProposalId(long nowMs) => "prop_" + Base36(nowMs) + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>A challenge id, <c>chal_&lt;ms base36&gt;_&lt;8 hex&gt;</c>.</summary>
    public static string NewChallengeId(long nowMs) => "chal_" + Base36(nowMs) + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>A challenge nonce: 16 random bytes as 32 lowercase hex digits.</summary>
    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    internal static string Base36(long value)
    {
        if (value <= 0) return "0";
        var chars = new Stack<char>();
        while (value > 0)
        {
            chars.Push("0123456789abcdefghijklmnopqrstuvwxyz"[(int)(value % 36)]);
            value /= 36;
        }
        return new string([.. chars]);
    }
}
