using AgentPlatform.Server.Limits;

namespace AgentPlatform.Relay;

/// <summary>The Relay's settings, bound and validated at start-up by Relay/Configuration (docs/operations/configuration.md, section Relay).</summary>
public sealed record RelayOptions
{
    /// <summary>Registry base URL (services:registry:http:0); null = route to connected providers only.</summary>
    public Uri? RegistryUrl { get; set; }

    /// <summary>Token a client presents on the asp-v1 upgrade (AgentPlatform:Keys:AgentSocket).</summary>
    public string? AgentSocketKey { get; set; }

    /// <summary>Relay:Auth: identities and the shared key (docs/operations/security.md).</summary>
    public Auth.RelayAuthOptions Auth { get; set; } = new();

    /// <summary>Bearer key of the admin API (AgentPlatform:Keys:Admin).</summary>
    public string? AdminKey { get; set; }

    /// <summary>Relay:Functions:Url, a fallback Functions base URL for agents the Registry lists without one (services:functions:http:0).</summary>
    public Uri? FunctionsUrl { get; set; }

    /// <summary>
    /// Relay:Functions:Key, sent as <c>x-functions-key</c> on every call to Functions: a Function App in Azure
    /// requires its host key (infra/ puts it in a Container App secret). Null locally, where nothing checks it.
    /// </summary>
    public string? FunctionsKey { get; set; }

    /// <summary>Limits per asp-v1 connection.</summary>
    public ConnectionLimits Limits { get; set; } = new();

    /// <summary>Relay:FunctionTimeout: the longest a relay-mode invocation may run when the client set no timeoutMs.</summary>
    public TimeSpan FunctionTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Relay:AckInterval: how often a reliable session's client is sent an ACK of its frames, when new ones arrived.</summary>
    public TimeSpan AckInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}
