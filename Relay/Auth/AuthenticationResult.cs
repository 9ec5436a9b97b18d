namespace AgentPlatform.Relay.Auth;

/// <summary>An identity, or why there is none (a reason safe to show the caller: never the token or the key).</summary>
public sealed record AuthenticationResult(RelayIdentity? Identity, string Error)
{
    /// <summary>A success.</summary>
    public static AuthenticationResult Of(RelayIdentity identity) => new(identity, "");

    /// <summary>A failure with <paramref name="error"/>.</summary>
    public static AuthenticationResult Fail(string error) => new(null, error);
}
