using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentPlatform.Protocol.Registry;

/// <summary>
/// Pure validation of names, instance ids and registration bodies (registry.md, "Model"). Returns field errors
/// in the shape of RFC 9457 validation problems so the service can answer 400 with them as-is.
/// </summary>
public static partial class RegistrationValidator
{
    public const int MaxEndpointLength = 2048;
    public const int MaxCapabilities = 64;
    public const int MaxTools = 256;
    public const int MaxToolDescription = 4096;
    public const int MaxMetadataEntries = 64;
    public const int MaxMetadataValue = 1024;

    private static readonly string[] EndpointSchemes = ["ws", "wss", "http", "https", "unix", "tcp"];

    /// <summary><c>[a-z0-9][a-z0-9._-]{0,62}</c>, no <c>..</c>, not ending in <c>.</c>.</summary>
    public static bool IsValidName(string? name) =>
        name is not null && NameRegex().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal) && !name.EndsWith('.');

    /// <summary><c>[A-Za-z0-9][A-Za-z0-9._:-]{0,127}</c>.</summary>
    public static bool IsValidInstanceId(string? id) => id is not null && InstanceIdRegex().IsMatch(id);

    /// <summary>Validates <paramref name="registration"/>; on success <paramref name="normalized"/> has defaults filled and duplicate capabilities removed.</summary>
    public static Dictionary<string, string[]> Validate(AgentRegistration? registration, out AgentRegistration normalized)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        normalized = registration ?? new AgentRegistration();
        if (registration is null)
        {
            errors["body"] = ["a JSON object is required"];
            return errors;
        }
        ValidateEndpoint(registration.Endpoint, errors);
        if (registration.Protocol is null || !AgentProtocols.All.Contains(registration.Protocol))
        {
            errors["protocol"] = ["must be one of: " + string.Join(", ", AgentProtocols.All)];
        }
        if (registration.Mode is not (AgentModes.Direct or AgentModes.Relay))
        {
            errors["mode"] = ["must be 'direct' or 'relay'"];
        }
        var capabilities = ValidateCapabilities(registration.Capabilities, errors);
        ValidateTools(registration.Tools, errors);
        ValidateMetadata(registration.Metadata, errors);
        normalized = registration with
        {
            Capabilities = capabilities,
            Tools = registration.Tools ?? [],
            Metadata = registration.Metadata ?? new Dictionary<string, string>(),
            Public = registration.Public ?? false,
        };
        return errors;
    }

    private static void ValidateEndpoint(string? endpoint, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(endpoint))
        {
            errors["endpoint"] = ["is required"];
            return;
        }
        if (endpoint.Length > MaxEndpointLength)
        {
            errors["endpoint"] = [$"must be at most {MaxEndpointLength} characters"];
            return;
        }
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || !EndpointSchemes.Contains(uri.Scheme))
        {
            errors["endpoint"] = ["must be an absolute ws, wss, http, https, unix or tcp URI"];
            return;
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            errors["endpoint"] = ["must not carry user info"];
        }
        else if (uri.Scheme != "unix" && string.IsNullOrEmpty(uri.Host))
        {
            errors["endpoint"] = ["must name a host"];
        }
    }

    private static List<string> ValidateCapabilities(IReadOnlyList<string>? capabilities, Dictionary<string, string[]> errors)
    {
        var result = new List<string>();
        if (capabilities is null) return result;
        if (capabilities.Count > MaxCapabilities)
        {
            errors["capabilities"] = [$"at most {MaxCapabilities} items"];
            return result;
        }
        foreach (var c in capabilities)
        {
            if (c is null || !CapabilityRegex().IsMatch(c))
            {
                errors["capabilities"] = ["each item must match [a-z0-9][a-z0-9._:-]{0,63}"];
                return result;
            }
            if (!result.Contains(c)) result.Add(c);
        }
        return result;
    }

    private static void ValidateTools(IReadOnlyList<ToolDescriptor>? tools, Dictionary<string, string[]> errors)
    {
        if (tools is null) return;
        if (tools.Count > MaxTools)
        {
            errors["tools"] = [$"at most {MaxTools} items"];
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            var key = $"tools[{i}]";
            if (tool is null || tool.Name is null || !KeyRegex().IsMatch(tool.Name))
            {
                errors[key + ".name"] = ["must match [A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}"];
            }
            else if (!seen.Add(tool.Name))
            {
                errors[key + ".name"] = ["duplicate tool name"];
            }
            if (tool?.Description is { Length: > MaxToolDescription })
            {
                errors[key + ".description"] = [$"must be at most {MaxToolDescription} characters"];
            }
            if (tool?.Schema is { } schema && schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
            {
                errors[key + ".schema"] = ["must be a JSON object"];
            }
        }
    }

    private static void ValidateMetadata(IReadOnlyDictionary<string, string>? metadata, Dictionary<string, string[]> errors)
    {
        if (metadata is null) return;
        if (metadata.Count > MaxMetadataEntries)
        {
            errors["metadata"] = [$"at most {MaxMetadataEntries} entries"];
            return;
        }
        foreach (var (k, v) in metadata)
        {
            if (!KeyRegex().IsMatch(k))
            {
                errors["metadata"] = ["keys must match [A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}"];
                return;
            }
            if (v is null || v.Length > MaxMetadataValue)
            {
                errors["metadata"] = [$"values must be strings of at most {MaxMetadataValue} characters"];
                return;
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceIdRegex();

    [GeneratedRegex("^[a-z0-9][a-z0-9._:-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex CapabilityRegex();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyRegex();
}
