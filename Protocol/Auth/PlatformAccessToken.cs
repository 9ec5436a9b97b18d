using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using AgentPlatform.Protocol.WebPubSub.Auth;

namespace AgentPlatform.Protocol.Auth;

/// <summary>
/// The platform's one access-token format, for every dialect: a short-lived HS256 JWT in the Web PubSub client
/// token format (the same codec, <see cref="WebPubSubAccessToken"/>), signed with the UTF-8 bytes of the agent-socket
/// access key, with <c>sub</c> (user id, required), <c>role</c> (array), <c>iat</c>/<c>nbf</c>, <c>exp</c> (required)
/// and <c>aud</c> = <see cref="Audience"/>. A fixed audience rather than a URL: the Relay is reached under several
/// names (loopback, a proxy, replicas behind a load balancer) and a URL audience would tie a token to one of them;
/// it also keeps a Web PubSub client token (whose <c>aud</c> is the hub URL) from passing as a platform token.
/// Validation is total: any malformed token yields false and a reason safe to show, never an exception.
/// </summary>
public static class PlatformAccessToken
{
    /// <summary>The <c>aud</c> of every platform token.</summary>
    public const string Audience = "agentplatform";

    /// <summary>The longest lifetime a platform token may have (<c>exp − iat</c>); longer ones are refused.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(24);

    /// <summary>Clock skew allowed between the minting and the validating clock.</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromSeconds(60);

    /// <summary>Longest user id (the asp-v1 and ACP principals carry it).</summary>
    public const int MaxUserIdLength = 256;

    /// <summary>
    /// Mints a token for <paramref name="userId"/> with <paramref name="roles"/>, valid from <paramref name="now"/>
    /// for <paramref name="lifetime"/> (more than zero, at most <see cref="MaxLifetime"/>).
    /// </summary>
    public static string Create(string accessKey, string userId, IReadOnlyCollection<string> roles, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKey);
        ArgumentNullException.ThrowIfNull(roles);
        if (!IsValidUserId(userId)) throw new ArgumentException($"a user id is 1-{MaxUserIdLength} characters without control characters", nameof(userId));
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "a platform token lives more than 0 and at most " + MaxLifetime);
        }
        if (roles.Any(string.IsNullOrEmpty)) throw new ArgumentException("roles must not be empty strings", nameof(roles));
        return WebPubSubAccessToken.Create(accessKey, Audience, now, lifetime, userId, roles);
    }

    /// <summary>
    /// Validates <paramref name="token"/> against any of <paramref name="accessKeys"/> at <paramref name="now"/>:
    /// signature and <c>alg</c>, <c>aud</c>, <c>exp</c> (required; "expired" says so), <c>nbf</c>, <c>sub</c>
    /// (required), <c>role</c> (strings), and a lifetime of at most <see cref="MaxLifetime"/>.
    /// </summary>
    public static bool TryValidate(string? token, IReadOnlyList<string> accessKeys, DateTimeOffset now,
        [NotNullWhen(true)] out PlatformTokenClaims? claims, out string error)
    {
        claims = null;
        if (!WebPubSubAccessToken.TryValidate(token, accessKeys, aud => aud == Audience, now, Skew, out var raw, out error))
        {
            if (error.StartsWith("the access token audience", StringComparison.Ordinal)) error = "the access token is not for this platform (aud)";
            return false;
        }
        if (raw.Expires is not { } expires)
        {
            error = "the access token has no exp";
            return false;
        }
        if (raw.UserId is not { } userId || !IsValidUserId(userId) || raw.All["sub"].Length != 1)
        {
            error = "the access token has no valid sub (user id)";
            return false;
        }
        if (!TypesAreRight(token!))
        {
            error = "sub must be a string and role a string or an array of strings";
            return false;
        }
        var issued = raw.All.TryGetValue("iat", out var iat) && iat.Length == 1 && long.TryParse(iat[0], NumberStyles.AllowLeadingSign,
            CultureInfo.InvariantCulture, out var iatSeconds)
            ? DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(iatSeconds, DateTimeOffset.MinValue.ToUnixTimeSeconds(), DateTimeOffset.MaxValue.ToUnixTimeSeconds()))
            : now;
        // Without iat, the remaining lifetime counts; either way a token may not outlive the maximum.
        var start = issued > now ? now : issued;
        if (expires - start > MaxLifetime + Skew)
        {
            error = "the access token lives longer than " + MaxLifetime.TotalHours + " h";
            return false;
        }
        claims = new PlatformTokenClaims(userId, raw.Roles, issued, expires);
        error = "";
        return true;
    }

    /// <summary>1-<see cref="MaxUserIdLength"/> characters, no control characters.</summary>
    public static bool IsValidUserId(string? userId) =>
        userId is { Length: > 0 and <= MaxUserIdLength } && !userId.Any(char.IsControl);

    // The shared codec flattens every claim to strings; a sub or role that was a number or an object is refused by
    // looking at the (already verified, already parsed once) payload again.
    private static bool TypesAreRight(string token)
    {
        var payload = token.AsSpan(token.IndexOf('.', StringComparison.Ordinal) + 1);
        payload = payload[..payload.IndexOf('.')];
        using var doc = JsonDocument.Parse(Base64Url.DecodeFromChars(payload));
        if (doc.RootElement.GetProperty("sub").ValueKind != JsonValueKind.String) return false;
        if (!doc.RootElement.TryGetProperty("role", out var role)) return true;
        return role.ValueKind == JsonValueKind.String
            || (role.ValueKind == JsonValueKind.Array && role.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String && e.GetString()!.Length > 0));
    }
}
