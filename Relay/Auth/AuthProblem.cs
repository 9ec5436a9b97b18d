using System.Text.Json;

namespace AgentPlatform.Relay.Auth;

/// <summary>
/// The refusal of a request without a valid identity: 401 before any upgrade, <c>WWW-Authenticate: Bearer</c>
/// (RFC 6750's <c>invalid_token</c> when a token came) and an RFC 9457 problem body whose <c>detail</c> says why
/// ("the access token has expired", "missing access token", …). Never echoes the token.
/// </summary>
public static class AuthProblem
{
    /// <summary>
    /// The response header that repeats the problem's <c>detail</c>. A WebSocket client whose upgrade is refused sees
    /// the status and the headers but not the body (.NET's ClientWebSocket, browsers), so the reason travels here too;
    /// the SDKs read it (Client/AgentSocket/UpgradeRefusal) into their exception messages.
    /// </summary>
    public const string ReasonHeader = "x-agentplatform-error";

    /// <summary>Writes 401 with <paramref name="reason"/>.</summary>
    public static Task UnauthorizedAsync(HttpContext context, string reason) =>
        WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", reason);

    /// <summary>Writes 403 with <paramref name="reason"/> (a valid identity whose roles do not allow the request).</summary>
    public static Task ForbiddenAsync(HttpContext context, string reason) =>
        WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", reason);

    /// <summary>Writes a problem+json response.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = detail == AgentSocketAuthenticator.MissingToken ? "Bearer" : "Bearer error=\"invalid_token\"";
        }
        response.Headers.CacheControl = "no-store";
        response.Headers[ReasonHeader] = HeaderSafe(detail);
        response.ContentType = "application/problem+json";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "about:blank");
            json.WriteString("title", title);
            json.WriteNumber("status", status);
            json.WriteString("detail", detail);
            json.WriteEndObject();
        }
        await response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Printable ASCII only: Kestrel refuses other header bytes, and a reason must never break the response.</summary>
    private static string HeaderSafe(string detail) =>
        string.Create(detail.Length, detail, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++) span[i] = text[i] is >= ' ' and <= '~' ? text[i] : '?';
        });
}
