using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AgentPlatform.Protocol.AgentChat;

/// <summary>
/// The strings AgentChat clients sign (Ed25519 over their UTF-8 bytes, signature in base64), byte-exact with the
/// reference client: MSG, the five proposal verbs and the login challenge.
/// </summary>
public static class AgentChatSigning
{
    /// <summary><c>JSON.stringify({to, content, ts})</c>.</summary>
    public static string Message(string to, string content, long ts)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(content);
        var sb = new StringBuilder(content.Length + to.Length + 40);
        sb.Append("{\"to\":");
        JavaScriptJson.Quote(sb, to);
        sb.Append(",\"content\":");
        JavaScriptJson.Quote(sb, content);
        sb.Append(",\"ts\":").Append(ts.ToString(CultureInfo.InvariantCulture)).Append('}');
        return sb.ToString();
    }

    /// <summary><c>to|task|amount|currency|payment_code|expires</c>, each missing or falsy field empty; <c>expires</c> in seconds as sent.</summary>
    public static string Proposal(string to, string task, JsonElement? amount, JsonElement? currency, JsonElement? paymentCode, double? expires) =>
        string.Join('|', to, task, JavaScriptJson.OrEmpty(amount), JavaScriptJson.OrEmpty(currency), JavaScriptJson.OrEmpty(paymentCode), expires is { } e && e != 0 && !double.IsNaN(e) ? JavaScriptJson.FormatNumber(e) : "");

    /// <summary><c>ACCEPT|id|payment_code</c>.</summary>
    public static string Accept(string proposalId, string? paymentCode) => $"ACCEPT|{proposalId}|{paymentCode}";

    /// <summary><c>REJECT|id|reason</c>.</summary>
    public static string Reject(string proposalId, string? reason) => $"REJECT|{proposalId}|{reason}";

    /// <summary><c>COMPLETE|id|proof</c>.</summary>
    public static string Complete(string proposalId, string? proof) => $"COMPLETE|{proposalId}|{proof}";

    /// <summary><c>DISPUTE|id|reason</c>.</summary>
    public static string Dispute(string proposalId, string reason) => $"DISPUTE|{proposalId}|{reason}";

    /// <summary>The challenge answer: <c>AGENTCHAT_AUTH|nonce|challenge_id|timestamp</c>.</summary>
    public static string Auth(string nonce, string challengeId, long timestamp) =>
        $"AGENTCHAT_AUTH|{nonce}|{challengeId}|{timestamp.ToString(CultureInfo.InvariantCulture)}";
}
