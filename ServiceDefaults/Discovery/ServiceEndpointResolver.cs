using Microsoft.Extensions.Configuration;

namespace AgentPlatform.ServiceDefaults.Discovery;

/// <summary>
/// Resolves logical service URIs the way Aspire's contract spells them: <c>http://registry/x</c> goes to
/// <c>services:registry:http:N</c>, <c>https+http://registry/x</c> prefers <c>https</c> then <c>http</c>.
/// Several indexes are used in turn. Hosts with no configured endpoint are left alone (real DNS names).
/// </summary>
public sealed class ServiceEndpointResolver(IConfiguration configuration)
{
    private int _next;

    /// <summary>Returns the concrete URI for <paramref name="requestUri"/>, or the URI unchanged when no endpoint is configured.</summary>
    /// <exception cref="InvalidOperationException">A combined scheme (<c>https+http</c>) names a service nobody configured.</exception>
    public Uri Resolve(Uri requestUri)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        if (!requestUri.IsAbsoluteUri) return requestUri;
        var schemes = requestUri.Scheme.Split('+', StringSplitOptions.RemoveEmptyEntries);
        foreach (var scheme in schemes)
        {
            if (scheme is not ("http" or "https")) return requestUri;
        }
        foreach (var scheme in schemes)
        {
            var endpoints = configuration.GetSection($"services:{requestUri.Host}:{scheme}").GetChildren()
                .Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).ToArray();
            if (endpoints.Length == 0) continue;
            var pick = endpoints[(int)((uint)Interlocked.Increment(ref _next) % (uint)endpoints.Length)]!;
            if (Uri.TryCreate(pick, UriKind.Absolute, out var target)) return Combine(target, requestUri);
            throw new InvalidOperationException($"services:{requestUri.Host}:{scheme} holds '{pick}', which is not an absolute URL.");
        }
        if (schemes.Length > 1)
        {
            throw new InvalidOperationException(
                $"No endpoint configured for service '{requestUri.Host}' (expected services:{requestUri.Host}:{schemes[0]}:0).");
        }
        return requestUri;
    }

    private static Uri Combine(Uri target, Uri request)
    {
        var basePath = target.AbsolutePath.TrimEnd('/');
        var builder = new UriBuilder(target.Scheme, target.Host, target.Port)
        {
            Path = basePath + request.AbsolutePath,
            Query = request.Query.TrimStart('?'),
            Fragment = request.Fragment.TrimStart('#'),
        };
        return builder.Uri;
    }
}
