using System.Diagnostics.CodeAnalysis;
using AgentPlatform.Protocol.WebPubSub.Auth;
using AgentPlatform.Relay.WebPubSub.Options;

namespace AgentPlatform.Relay.WebPubSub.Auth;

/// <summary>
/// Checks the tokens clients and REST callers present: HS256 with the access key, expiry with 5 minutes of skew,
/// and <c>aud</c> equal to the URL they called (compared case-insensitively, percent-decoded, with or without query).
/// </summary>
public sealed class WebPubSubTokenValidator(WebPubSubOptions options, TimeProvider time)
{
    /// <summary>A client token for <c>/client/hubs/{hub}</c>: <c>aud</c> = <c>{scheme}://{host}/client/hubs/{hub}</c>.</summary>
    public bool TryValidateClient(HttpRequest request, string hub, string? token, [NotNullWhen(true)] out WebPubSubTokenClaims? claims, out string error)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fromRequest = $"{request.Scheme}://{request.Host}/client/hubs/{hub}";
        var fromEndpoint = options.ConnectionString.EndpointText + "/client/hubs/" + hub;
        return WebPubSubAccessToken.TryValidate(token, options.AccessKeys,
            aud => SameUrl(aud, fromRequest) || SameUrl(aud, fromEndpoint),
            time.GetUtcNow(), WebPubSubAccessToken.DefaultSkew, out claims, out error);
    }

    /// <summary>A REST call: <c>aud</c> = the full request URL (the JS SDK includes the query, others may not).</summary>
    public bool TryValidateRest(HttpRequest request, out string error)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        var path = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}";
        return WebPubSubAccessToken.TryValidate(token, options.AccessKeys,
            aud => SameUrl(aud, path), time.GetUtcNow(), WebPubSubAccessToken.DefaultSkew, out _, out error);
    }

    private static bool SameUrl(string audience, string url)
    {
        var q = audience.IndexOf('?', StringComparison.Ordinal);
        var bare = q >= 0 ? audience[..q] : audience;
        return string.Equals(Normalize(bare), Normalize(url), StringComparison.OrdinalIgnoreCase);
    }

    private static string Normalize(string url) => Uri.UnescapeDataString(url).TrimEnd('/');
}
