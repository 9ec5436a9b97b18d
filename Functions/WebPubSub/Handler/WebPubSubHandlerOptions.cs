using AgentPlatform.Protocol.WebPubSub.Auth;

namespace AgentPlatform.Functions.WebPubSub.Handler;

/// <summary>
/// Who may call the handler: the service named by <c>ConnectionStrings:webpubsub</c>. Its host is the only allowed
/// WebHook-Request-Origin and its key (plus an optional secondary) must have signed ce-signature.
/// </summary>
public sealed record WebPubSubHandlerOptions(WebPubSubConnectionString Connection, string? SecondaryAccessKey = null)
{
    public IReadOnlyList<string> AccessKeys => SecondaryAccessKey is { Length: > 0 } s ? [Connection.AccessKey, s] : [Connection.AccessKey];

    /// <summary>True when <paramref name="origin"/> names the service (host name, with or without the port).</summary>
    public bool IsAllowedOrigin(string? origin) =>
        !string.IsNullOrEmpty(origin)
        && origin.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(o => o.Equals(Connection.Endpoint.Host, StringComparison.OrdinalIgnoreCase)
                      || o.Equals(Connection.Endpoint.Authority, StringComparison.OrdinalIgnoreCase));
}
