namespace AgentPlatform.Functions.WebPubSub.Handler;

/// <summary>The hubs this Functions host handles, by name (case-insensitive, as the service treats hub names).</summary>
public sealed class WebPubSubHubRegistry(IServiceProvider services, IEnumerable<WebPubSubHubRegistration> registrations)
{
    private readonly Dictionary<string, Type> _hubs = registrations.ToDictionary(r => r.Hub, r => r.HubType, StringComparer.OrdinalIgnoreCase);

    public bool TryGet(string hub, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WebPubSubHub? handler)
    {
        handler = _hubs.TryGetValue(hub, out var type) ? (WebPubSubHub)services.GetRequiredService(type) : null;
        return handler is not null;
    }
}
