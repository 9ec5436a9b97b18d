using AgentPlatform.Protocol.WebPubSub.Auth;

namespace AgentPlatform.Relay.WebPubSub.Options;

/// <summary>
/// Reads <see cref="WebPubSubOptions"/> from configuration by hand, so that both the emulator's JSON shape
/// (<c>SystemEvents: ["connect", …]</c>) and a single environment variable (<c>SystemEvents=connect,connected</c>) work.
/// </summary>
public static class WebPubSubOptionsReader
{
    /// <summary>The path the Functions handler maps; the default hub's handler points there.</summary>
    public const string DefaultHandlerPath = "/api/webpubsub/hubs/{hub}/{event}";

    /// <summary>The hub configured when none is: agents.</summary>
    public const string DefaultHub = "agents";

    public static WebPubSubOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString("webpubsub");
        // A Relay started without a connection string (a bare `dotnet run`) still serves Web PubSub clients with a
        // random key: tokens can then only come from this process's own :generateToken.
        var parsed = string.IsNullOrWhiteSpace(connectionString)
            ? new WebPubSubConnectionString(new Uri("http://localhost"), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), "1.0")
            : WebPubSubConnectionString.Parse(connectionString);
        var section = configuration.GetSection("WebPubSub");
        var hubs = new Dictionary<string, IReadOnlyList<EventHandlerOptions>>(StringComparer.OrdinalIgnoreCase);
        foreach (var hub in section.GetSection("Hubs").GetChildren())
        {
            var handlers = new List<EventHandlerOptions>();
            foreach (var h in hub.GetSection("EventHandlers").GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue))
            {
                var url = h["UrlTemplate"];
                if (string.IsNullOrWhiteSpace(url)) continue;
                // A template that cannot become an http(s) URL is a configuration error: refuse it at startup, not
                // at the first client.
                var sample = url.Replace("{hub}", "hub", StringComparison.OrdinalIgnoreCase).Replace("{event}", "event", StringComparison.OrdinalIgnoreCase);
                if (!Uri.TryCreate(sample, UriKind.Absolute, out var probe) || (probe.Scheme != Uri.UriSchemeHttp && probe.Scheme != Uri.UriSchemeHttps))
                {
                    throw new FormatException($"WebPubSub:Hubs:{hub.Key}:EventHandlers:{h.Key}:UrlTemplate must be an absolute http(s) URL");
                }
                handlers.Add(new EventHandlerOptions
                {
                    UrlTemplate = url,
                    UserEventPattern = h["UserEventPattern"] ?? h["EventPattern"] ?? "",
                    SystemEvents = ReadList(h.GetSection("SystemEvents")),
                });
            }
            hubs[hub.Key] = handlers;
        }
        if (!hubs.ContainsKey(DefaultHub) && configuration["services:functions:http:0"] is { Length: > 0 } functions)
        {
            hubs[DefaultHub] =
            [
                new EventHandlerOptions
                {
                    UrlTemplate = functions.TrimEnd('/') + DefaultHandlerPath,
                    UserEventPattern = "*",
                    SystemEvents = ["connect", "connected", "disconnected"],
                },
            ];
        }
        var options = new WebPubSubOptions
        {
            ConnectionString = parsed,
            SecondaryAccessKey = section["SecondaryAccessKey"],
            Hubs = hubs,
        };
        if (TimeSpan.TryParse(section["UpstreamTimeout"], System.Globalization.CultureInfo.InvariantCulture, out var timeout)) options = options with { UpstreamTimeout = timeout };
        if (TimeSpan.TryParse(section["RecoveryWindow"], System.Globalization.CultureInfo.InvariantCulture, out var window)) options = options with { RecoveryWindow = window };
        return options;
    }

    private static string[] ReadList(IConfigurationSection section)
    {
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return section.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        return [.. section.GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim())];
    }
}
