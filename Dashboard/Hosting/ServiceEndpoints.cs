namespace AgentPlatform.Dashboard.Hosting;

/// <summary>
/// Base URLs of the services the dashboard watches, from the composition contract's
/// <c>services:{name}:http:0</c> (https accepted too). A service left unconfigured is shown as such.
/// </summary>
public sealed class ServiceEndpoints(IConfiguration configuration)
{
    public static readonly string[] Watched = ["registry", "relay", "functions"];

    public Uri? Resolve(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var raw = configuration[$"services:{service}:http:0"] ?? configuration[$"services:{service}:https:0"];
        if (string.IsNullOrWhiteSpace(raw) || !Uri.TryCreate(raw.Trim(), UriKind.Absolute, out var uri)) return null;
        // A trailing slash makes relative paths append instead of replacing the last segment.
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}
