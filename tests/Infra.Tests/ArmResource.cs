using System.Text.Json.Nodes;

namespace AgentPlatform.Infra.Tests;

/// <summary>A resource of the compiled template, with the literal parameter values of the module deployment holding it.</summary>
public sealed record ArmResource(string Type, JsonObject Body, IReadOnlyDictionary<string, JsonNode?> Parameters)
{
    public string? Kind => Body["kind"]?.GetValue<string>();

    /// <summary>
    /// The <c>azd-service-name</c> tag, resolved when it is a literal or a module parameter given a literal value
    /// (Bicep compiles <c>union(tags, {'azd-service-name': serviceName})</c> into one ARM expression).
    /// </summary>
    public string? AzdServiceName
    {
        get
        {
            var tags = Body["tags"];
            if (tags is JsonObject o) return Resolve(o["azd-service-name"]?.ToJsonString().Trim('"'));
            if (tags is JsonValue v && v.GetValue<string>() is { } expression)
            {
                var m = System.Text.RegularExpressions.Regex.Match(expression, @"'azd-service-name',\s*(?<value>parameters\('\w+'\)|'[^']*')");
                return m.Success ? Resolve("[" + m.Groups["value"].Value + "]") : null;
            }
            return null;
        }
    }

    private string? Resolve(string? value)
    {
        if (value is null) return null;
        var p = System.Text.RegularExpressions.Regex.Match(value, @"^\[parameters\('(?<name>\w+)'\)\]$");
        if (p.Success) return Parameters.TryGetValue(p.Groups["name"].Value, out var given) ? given?.GetValue<string>() : null;
        var literal = System.Text.RegularExpressions.Regex.Match(value, @"^\['(?<text>[^']*)'\]$");
        return literal.Success ? literal.Groups["text"].Value : value;
    }
}
