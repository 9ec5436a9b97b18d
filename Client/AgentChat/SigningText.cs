using System.Globalization;
using System.Text;

namespace AgentPlatform.Client.AgentChat;

/// <summary>
/// The exact texts AgentChat signs (reference 0.7.0 and its later login challenge). Signatures cover these bytes, so
/// each is built character for character as the reference's JavaScript builds it.
/// </summary>
public static class SigningText
{
    /// <summary>A MSG: <c>JSON.stringify({to, content, ts})</c>.</summary>
    public static string Message(string to, string content, long ts) =>
        new StringBuilder().Append("{\"to\":").Append(JsString(to)).Append(",\"content\":").Append(JsString(content))
            .Append(",\"ts\":").Append(ts.ToString(CultureInfo.InvariantCulture)).Append('}').ToString();

    /// <summary>A PROPOSAL: <c>to|task|amount|currency|payment_code|expires</c>, absent (and zero) fields empty, as <c>a || ''</c> makes them.</summary>
    public static string Proposal(string to, string task, double? amount, string? currency, string? paymentCode, long? expires) =>
        string.Join('|', to, task, amount is { } a and not 0 ? JsNumber(a) : "", currency ?? "", paymentCode ?? "",
            expires is { } e and not 0 ? e.ToString(CultureInfo.InvariantCulture) : "");

    /// <summary>An ACCEPT: <c>ACCEPT|proposal_id|payment_code</c>.</summary>
    public static string Accept(string proposalId, string? paymentCode) => $"ACCEPT|{proposalId}|{paymentCode}";

    /// <summary>A REJECT: <c>REJECT|proposal_id|reason</c>.</summary>
    public static string Reject(string proposalId, string? reason) => $"REJECT|{proposalId}|{reason}";

    /// <summary>A COMPLETE: <c>COMPLETE|proposal_id|proof</c>.</summary>
    public static string Complete(string proposalId, string? proof) => $"COMPLETE|{proposalId}|{proof}";

    /// <summary>A DISPUTE: <c>DISPUTE|proposal_id|reason</c>.</summary>
    public static string Dispute(string proposalId, string reason) => $"DISPUTE|{proposalId}|{reason}";

    /// <summary>The login challenge's answer: <c>AGENTCHAT_AUTH|nonce|challenge_id|timestamp</c>.</summary>
    public static string Challenge(string nonce, string challengeId, long timestamp) =>
        $"AGENTCHAT_AUTH|{nonce}|{challengeId}|{timestamp.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A number as JavaScript's <c>String(n)</c> writes it for the values proposals carry.</summary>
    public static string JsNumber(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e21 ? value.ToString("F0", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A string literal as <c>JSON.stringify</c> writes it: only quote, backslash, controls and lone surrogates are escaped.</summary>
    public static string JsString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < 0x20) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) text.Append(c).Append(value[++i]);
                    else if (char.IsSurrogate(c)) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        return text.Append('"').ToString();
    }
}
