namespace AgentPlatform.Relay.Auth;

/// <summary><c>Relay:Auth</c>: how the Relay accepts identities (docs/operations/security.md, "Identity and tokens").</summary>
public sealed record RelayAuthOptions
{
    /// <summary>
    /// <c>Relay:Auth:AllowSharedKey</c>: whether the agent-socket key itself is accepted as a token (a development
    /// identity with every role). Unset = true in Development, false otherwise; true in any other environment refuses to start.
    /// </summary>
    public bool? AllowSharedKey { get; set; }

    /// <summary><c>Relay:Auth:DevelopmentUser</c>: the user id the shared key stands for.</summary>
    public string DevelopmentUser { get; set; } = "developer";
}
