using System.Net;
using System.Net.WebSockets;
using System.Text;

namespace AgentPlatform.Client.AgentSocket;

/// <summary>
/// Why a WebSocket upgrade was refused, as far as the client can see it. With
/// <see cref="ClientWebSocketOptions.CollectHttpResponseDetails"/> a failed <see cref="ClientWebSocket.ConnectAsync(Uri, CancellationToken)"/>
/// keeps the status and the headers of the answer, but not its body, so the Relay's problem+json <c>detail</c> (e.g.
/// "the access token has expired") is read from the copy the Relay puts in <see cref="ReasonHeader"/>
/// (Relay/Auth/AuthProblem). Shared by the asp-v1, ACP and AgentChat clients.
/// </summary>
internal static class UpgradeRefusal
{
    /// <summary>The response header carrying the refusal's reason (the same name as Relay/Auth/AuthProblem.ReasonHeader).</summary>
    public const string ReasonHeader = "x-agentplatform-error";

    /// <summary>A reason longer than this is cut: it goes into exception messages and CLI output.</summary>
    private const int MaxReasonLength = 300;

    /// <summary>The HTTP status of the refused upgrade, or null when no HTTP answer came (DNS, connection refused, timeout).</summary>
    public static HttpStatusCode? Status(ClientWebSocket socket) =>
        socket.HttpStatusCode is var status && status != 0 && status != HttpStatusCode.SwitchingProtocols ? status : null;

    /// <summary>
    /// The server's reason, printable ASCII only and bounded; null when it sent none. A reason that contains
    /// <paramref name="token"/> is dropped: no message of the client may carry the credential, whatever a server sends.
    /// </summary>
    public static string? Reason(ClientWebSocket socket, string? token)
    {
        if (socket.HttpResponseHeaders is not { } headers || !headers.TryGetValue(ReasonHeader, out var values)) return null;
        var raw = string.Join(", ", values);
        var clean = new StringBuilder(Math.Min(raw.Length, MaxReasonLength));
        foreach (var c in raw)
        {
            if (clean.Length == MaxReasonLength) break;
            clean.Append(c is >= ' ' and <= '~' ? c : '?');
        }
        var reason = clean.ToString().Trim();
        if (reason.Length == 0) return null;
        return !string.IsNullOrEmpty(token) && reason.Contains(token, StringComparison.Ordinal) ? null : reason;
    }

    /// <summary>"the server refused the token (401): the access token has expired", "the server refused the connection (503)", …</summary>
    public static string Describe(HttpStatusCode status, string? reason)
    {
        var what = status switch
        {
            HttpStatusCode.Unauthorized => "the server refused the token",
            HttpStatusCode.Forbidden => "the server refused the connection",
            _ => "the server refused the upgrade",
        };
        var text = what + " (" + ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";
        return reason is null ? text : text + ": " + reason;
    }
}
