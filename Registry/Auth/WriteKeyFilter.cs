using System.Security.Cryptography;
using System.Text;
using AgentPlatform.Registry.Api;
using AgentPlatform.Registry.Diagnostics;
using AgentPlatform.Registry.Stores;

namespace AgentPlatform.Registry.Auth;

/// <summary>
/// Guards write routes with <c>Authorization: Bearer &lt;AgentPlatform:Keys:Registry&gt;</c>, compared in constant
/// time. A null key means anonymous writes were explicitly allowed at startup.
/// </summary>
public sealed class WriteKeyFilter(RegistryKey key, ILogger<RegistryStoreMarker> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (key.Bytes is { } expected && !Matches(context.HttpContext.Request.Headers.Authorization.ToString(), expected))
        {
            Log.Unauthorized(logger);
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Unauthorized();
        }
        return await next(context).ConfigureAwait(false);
    }

    private static bool Matches(string header, byte[] expected)
    {
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) return false;
        // Hashes of equal length, so the comparison takes the same time whatever the presented key's length.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(expected));
    }
}
