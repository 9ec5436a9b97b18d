using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AgentPlatform.Protocol.WebPubSub.Auth;

/// <summary>
/// <c>Endpoint=http://host:port;AccessKey=…;Version=1.0;</c> with an optional <c>Port=</c>, as the official SDKs
/// parse it. Keys are case-insensitive; unknown keys are ignored.
/// </summary>
public sealed record WebPubSubConnectionString(Uri Endpoint, string AccessKey, string Version)
{
    /// <summary>The endpoint without a trailing slash, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public string EndpointText => Endpoint.GetLeftPart(UriPartial.Authority);

    /// <summary>Parses a connection string; returns false with a reason naming the bad part.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out WebPubSubConnectionString? value, out string error)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the connection string is empty";
            return false;
        }
        string? endpoint = null, key = null, version = null, port = null;
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            var name = part[..eq].Trim();
            // Access keys are base64 and may end in '='; everything after the first '=' is the value.
            var v = part[(eq + 1)..].Trim();
            if (name.Equals("Endpoint", StringComparison.OrdinalIgnoreCase)) endpoint = v;
            else if (name.Equals("AccessKey", StringComparison.OrdinalIgnoreCase)) key = v;
            else if (name.Equals("Version", StringComparison.OrdinalIgnoreCase)) version = v;
            else if (name.Equals("Port", StringComparison.OrdinalIgnoreCase)) port = v;
        }
        if (endpoint is null || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            error = "Endpoint must be an absolute http(s) URL";
            return false;
        }
        if (string.IsNullOrEmpty(key))
        {
            error = "AccessKey is required";
            return false;
        }
        if (port is not null)
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                error = "Port must be 1-65535";
                return false;
            }
            uri = new UriBuilder(uri) { Port = p }.Uri;
        }
        value = new WebPubSubConnectionString(new Uri(uri.GetLeftPart(UriPartial.Authority)), key, version ?? "1.0");
        error = "";
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/> (configuration errors at startup).</summary>
    public static WebPubSubConnectionString Parse(string? text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException("Invalid Web PubSub connection string: " + error);

    /// <summary>The text form, as AppHost publishes it.</summary>
    public override string ToString() => $"Endpoint={EndpointText};AccessKey={AccessKey};Version={Version};";
}
