namespace AgentPlatform.Relay.WebPubSub.Options;

/// <summary>
/// One upstream event handler of a hub, in the shape of the official emulator's settings
/// (<c>WebPubSub:Hubs:{hub}:EventHandlers:{i}</c>).
/// </summary>
public sealed record EventHandlerOptions
{
    /// <summary>The handler URL; <c>{hub}</c> and <c>{event}</c> are replaced per event.</summary>
    public required string UrlTemplate { get; init; }

    /// <summary><c>*</c> for every user event, or a comma-separated list of event names; empty for none.</summary>
    public string UserEventPattern { get; init; } = "";

    /// <summary>System events sent to this handler: any of connect, connected, disconnected.</summary>
    public IReadOnlyList<string> SystemEvents { get; init; } = [];

    /// <summary>True when this handler takes the user event <paramref name="eventName"/>.</summary>
    public bool MatchesUserEvent(string eventName)
    {
        if (string.IsNullOrWhiteSpace(UserEventPattern)) return false;
        foreach (var part in UserEventPattern.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part == "*" || string.Equals(part, eventName, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>True when this handler takes the system event <paramref name="eventName"/> (connect, connected, disconnected).</summary>
    public bool MatchesSystemEvent(string eventName) =>
        SystemEvents.Any(e => string.Equals(e, eventName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The URL for one event.</summary>
    public Uri UrlFor(string hub, string eventName) =>
        new(UrlTemplate.Replace("{hub}", Uri.EscapeDataString(hub), StringComparison.OrdinalIgnoreCase)
            .Replace("{event}", Uri.EscapeDataString(eventName), StringComparison.OrdinalIgnoreCase));
}
