using AgentPlatform.Protocol.Auth;

namespace AgentPlatform.Client.Auth;

/// <summary>
/// Mints platform access tokens where the agent-socket access key is at hand (a backend, a provider, the CLI): a
/// short-lived HS256 JWT (<see cref="PlatformAccessToken"/>) that every dialect of the Relay accepts, for one user
/// with the given roles (<see cref="InvokeRole"/>, <see cref="ProvideRole"/>, Web PubSub's <c>webpubsub.*</c>).
/// Hand the token, never the key, to the client that connects.
/// </summary>
public static class AccessTokens
{
    /// <summary>The longest lifetime a token may have (24 h).</summary>
    public static TimeSpan MaxLifetime => PlatformAccessToken.MaxLifetime;

    /// <summary>Mints a token for <paramref name="userId"/> valid from now for <paramref name="lifetime"/> (at most <see cref="MaxLifetime"/>).</summary>
    public static string Create(string key, string userId, IReadOnlyCollection<string> roles, TimeSpan lifetime, TimeProvider? time = null) =>
        PlatformAccessToken.Create(key, userId, roles, (time ?? TimeProvider.System).GetUtcNow(), lifetime);

    /// <summary><c>agent.invoke.&lt;agent&gt;</c>, or <c>agent.invoke</c> (every agent) when <paramref name="agent"/> is null.</summary>
    public static string InvokeRole(string? agent = null) => agent is null ? PlatformRoles.Invoke : PlatformRoles.Invoke + "." + agent;

    /// <summary><c>agent.provide.&lt;agent&gt;</c>, or <c>agent.provide</c> (every agent) when <paramref name="agent"/> is null.</summary>
    public static string ProvideRole(string? agent) => agent is null ? PlatformRoles.Provide : PlatformRoles.Provide + "." + agent;
}
