using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace AgentPlatform.FunctionsHost.Routing;

/// <summary>
/// The HTTP routes of the loaded functions, built from their raw bindings (function.json shape), with the route prefix
/// of host.json (<c>extensions.http.routePrefix</c>, "api" when absent). Matching prefers the more specific template.
/// </summary>
public sealed class HttpFunctionTable
{
    private readonly IReadOnlyList<HttpFunction> _functions;
    private readonly string _routePrefix;

    public HttpFunctionTable(IEnumerable<HttpFunction> functions, string routePrefix)
    {
        _functions = [.. functions.OrderByDescending(f => f.Precedence).ThenBy(f => f.Route, StringComparer.Ordinal)];
        _routePrefix = routePrefix.Trim('/');
    }

    public static HttpFunctionTable Empty { get; } = new([], "");

    public IReadOnlyList<HttpFunction> Functions => _functions;

    /// <summary>Finds the function for a request; <paramref name="values"/> receives the route values.</summary>
    public bool TryMatch(string method, PathString path, [NotNullWhen(true)] out HttpFunction? function, out RouteValueDictionary values)
    {
        values = [];
        function = null;
        var relative = path;
        if (_routePrefix.Length > 0 && !path.StartsWithSegments("/" + _routePrefix, StringComparison.OrdinalIgnoreCase, out relative)) return false;
        foreach (var candidate in _functions)
        {
            var candidateValues = new RouteValueDictionary();
            if (!candidate.AllowsMethod(method) || !candidate.TryMatch(relative, candidateValues)) continue;
            function = candidate;
            values = candidateValues;
            return true;
        }
        return false;
    }

    /// <summary>The HTTP trigger of one function's raw bindings, or null when it has none (or it is disabled).</summary>
    public static HttpFunction? FromRawBindings(string functionId, string name, IEnumerable<string> rawBindings)
    {
        ArgumentNullException.ThrowIfNull(rawBindings);
        foreach (var raw in rawBindings)
        {
            using var json = JsonDocument.Parse(raw);
            var binding = json.RootElement;
            if (!string.Equals(Text(binding, "type"), "httpTrigger", StringComparison.OrdinalIgnoreCase)) continue;
            string[]? methods = null;
            if (Property(binding, "methods") is { ValueKind: JsonValueKind.Array } array)
            {
                methods = [.. array.EnumerateArray().Select(m => (m.GetString() ?? "").ToUpperInvariant()).Where(m => m.Length > 0)];
                if (methods.Length == 0) methods = null;
            }
            var route = Text(binding, "route");
            return new HttpFunction(functionId, name, Text(binding, "name") ?? "req", string.IsNullOrEmpty(route) ? name : route, methods,
                Text(binding, "authLevel"));
        }
        return null;
    }

    /// <summary><c>extensions.http.routePrefix</c> of host.json; "api" (the Functions default) when absent.</summary>
    public static string ReadRoutePrefix(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "host.json");
        if (!File.Exists(path)) return "api";
        using var json = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var prefix = Property(json.RootElement, "extensions") is { } extensions && Property(extensions, "http") is { } http
            ? Text(http, "routePrefix")
            : null;
        return prefix ?? "api";
    }

    // function.json and host.json keys are case-insensitive for the Functions host.
    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object) return null;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return property.Value;
        }
        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
