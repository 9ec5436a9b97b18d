using System.Globalization;
using System.Text.Json;
using AgentPlatform.Protocol.Auth;

namespace AgentPlatform.Relay.Auth;

/// <summary>
/// <c>POST /v1/tokens</c>: mints a platform access token. Body <c>{"userId","roles":[…],"expiresInMinutes"}</c>
/// (roles optional, lifetime 1-1440 minutes, default 60) → <c>{"token","expiresOn"}</c>. Only the holder of the
/// agent-socket access key may call it (<c>Authorization: Bearer &lt;key&gt;</c>; a token is not enough: a token
/// must not mint a longer-lived or more powerful one); anything else is 401 problem+json.
/// </summary>
public sealed partial class TokenEndpoint(RelayOptions options, TimeProvider time, ILogger<TokenEndpoint> logger)
{
    public const string Path = "/v1/tokens";

    /// <summary>Lifetime when the body names none.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    private const int MaxBodyBytes = 64 * 1024;
    private const int MaxRoles = 64;

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var auth = context.Request.Headers.Authorization.ToString();
        if (options.AgentSocketKey is not { Length: > 0 } key)
        {
            await AuthProblem.UnauthorizedAsync(context, "this Relay has no access key configured").ConfigureAwait(false);
            return;
        }
        if (!auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || !AgentSocketAuthenticator.SameKey(auth["Bearer ".Length..].Trim(), key))
        {
            LogRefused(logger);
            await AuthProblem.UnauthorizedAsync(context, auth.Length == 0 ? AgentSocketAuthenticator.MissingToken : "the access key is wrong")
                .ConfigureAwait(false);
            return;
        }
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var error = "the body must be a JSON object of at most 64 KiB";
        if (body is null || !TryParse(body, out var userId, out var roles, out var lifetime, out error))
        {
            await AuthProblem.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad Request", error).ConfigureAwait(false);
            return;
        }
        var now = time.GetUtcNow();
        var token = PlatformAccessToken.Create(key, userId, roles, now, lifetime);
        var expiresOn = DateTimeOffset.FromUnixTimeSeconds((now + lifetime).ToUnixTimeSeconds());
        LogMinted(logger, userId, roles.Length, (int)lifetime.TotalMinutes);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("token", token);
            json.WriteString("expiresOn", expiresOn.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Reads the request, validating every field; false with a reason naming the bad one.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> body, out string userId, out string[] roles, out TimeSpan lifetime, out string error)
    {
        userId = "";
        roles = [];
        lifetime = DefaultLifetime;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { error = "the body must be a JSON object"; return false; }
            if (!root.TryGetProperty("userId", out var user) || user.ValueKind != JsonValueKind.String
                || !PlatformAccessToken.IsValidUserId(user.GetString()))
            {
                error = $"userId must be a string of 1-{PlatformAccessToken.MaxUserIdLength} characters";
                return false;
            }
            userId = user.GetString()!;
            if (root.TryGetProperty("roles", out var r) && r.ValueKind != JsonValueKind.Null)
            {
                if (r.ValueKind != JsonValueKind.Array || r.GetArrayLength() > MaxRoles
                    || r.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || e.GetString() is not { Length: > 0 and <= 256 }))
                {
                    error = $"roles must be an array of at most {MaxRoles} non-empty strings";
                    return false;
                }
                roles = [.. r.EnumerateArray().Select(e => e.GetString()!).Distinct(StringComparer.Ordinal)];
            }
            if (root.TryGetProperty("expiresInMinutes", out var m) && m.ValueKind != JsonValueKind.Null)
            {
                var max = (int)PlatformAccessToken.MaxLifetime.TotalMinutes;
                if (!m.TryGetInt32(out var minutes) || minutes < 1 || minutes > max)
                {
                    error = $"expiresInMinutes must be an integer from 1 to {max}";
                    return false;
                }
                lifetime = TimeSpan.FromMinutes(minutes);
            }
            error = "";
            return true;
        }
        catch (JsonException)
        {
            error = "the body is not JSON";
            return false;
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int n;
        while ((n = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    // Debug: a flood of guesses must not become a flood of log lines.
    [LoggerMessage(Level = LogLevel.Debug, Message = "token request refused: access key missing or wrong")]
    private static partial void LogRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "minted a token for user {UserId} with {RoleCount} roles for {Minutes} min")]
    private static partial void LogMinted(ILogger logger, string userId, int roleCount, int minutes);
}
