namespace AgentPlatform.AppHost.Composition;

/// <summary>The development keys a service can be given (docs/operations/configuration.md says who gets which).</summary>
public enum DevelopmentKey
{
    /// <summary><c>AgentPlatform__Keys__Registry</c>: bearer key for registry writes.</summary>
    Registry,

    /// <summary><c>AgentPlatform__Keys__Admin</c>: bearer key for read-only admin APIs.</summary>
    Admin,

    /// <summary><c>AgentPlatform__Keys__AgentSocket</c>: token presented on the asp-v1 upgrade.</summary>
    AgentSocket,
}
