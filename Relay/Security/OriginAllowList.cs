using System.Globalization;

namespace AgentPlatform.Relay.Security;

/// <summary>
/// The browser origins allowed on the Relay's browser-facing endpoints (<c>Relay:AllowedOrigins</c>). An entry is
/// <c>*</c> (every origin) or <c>scheme://host</c>, <c>scheme://host:port</c> or <c>scheme://host:*</c> (any port).
/// Without entries, Development allows the loopback origins and every other environment allows none.
/// </summary>
public sealed class OriginAllowList
{
    /// <summary>The configuration key of the list.</summary>
    public const string Section = "Relay:AllowedOrigins";

    private static readonly string[] LoopbackDefaults =
        ["http://127.0.0.1:*", "https://127.0.0.1:*", "http://localhost:*", "https://localhost:*", "http://[::1]:*", "https://[::1]:*"];

    private readonly List<Entry> _entries;
    private readonly bool _any;

    private OriginAllowList(IReadOnlyList<string> patterns)
    {
        Patterns = patterns;
        _any = patterns.Any(p => p == "*");
        _entries = [.. patterns.Where(p => p != "*").Select(Parse)];
    }

    /// <summary>The entries in effect (configured, or the environment's default).</summary>
    public IReadOnlyList<string> Patterns { get; }

    /// <summary>Reads <see cref="Section"/>; a malformed entry throws, naming the key, so the Relay stops at start.</summary>
    public static OriginAllowList FromConfiguration(IConfiguration configuration, bool isDevelopment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        // A list binds from Relay:AllowedOrigins:0..n; a single value (env var, command line) may also separate entries with ',' or ';'.
        var configured = section.GetChildren().Select(c => c.Value).Append(section.Value)
            .Where(v => !string.IsNullOrWhiteSpace(v))
            .SelectMany(v => v!.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        return new OriginAllowList(configured.Count > 0 ? configured : isDevelopment ? LoopbackDefaults : []);
    }

    /// <summary>Whether a browser presenting <paramref name="origin"/> (the Origin header's value) may proceed.</summary>
    public bool Allows(string origin)
    {
        if (_any) return true;
        // "null" (sandboxed frames, file: pages) and anything that is not an absolute origin never match an entry.
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath is not ("/" or "")) return false;
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Scheme, uri.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(entry.Host, uri.Host, StringComparison.OrdinalIgnoreCase)
                && (entry.Port is null || entry.Port == uri.Port))
            {
                return true;
            }
        }
        return false;
    }

    private static Entry Parse(string pattern)
    {
        var anyPort = pattern.EndsWith(":*", StringComparison.Ordinal);
        var text = anyPort ? pattern[..^2] : pattern;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.PathAndQuery != "/" || !string.IsNullOrEmpty(uri.UserInfo) || text.EndsWith('/'))
        {
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                "{0}: '{1}' is not an origin; use '*', 'scheme://host', 'scheme://host:port' or 'scheme://host:*'.", Section, pattern));
        }
        return new Entry(uri.Scheme, uri.Host, anyPort ? null : uri.Port);
    }

    private sealed record Entry(string Scheme, string Host, int? Port);
}
