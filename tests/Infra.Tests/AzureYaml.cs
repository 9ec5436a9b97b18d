namespace AgentPlatform.Infra.Tests;

/// <summary>
/// The <c>services</c> block of azure.yaml: service name → its two-space-indented keys. Enough for this file's
/// shape (no YAML library is needed for four flat maps).
/// </summary>
public static class AzureYaml
{
    public static Dictionary<string, Dictionary<string, string>> Services(string path)
    {
        var services = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var inServices = false;
        Dictionary<string, string>? current = null;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Split('#')[0].TrimEnd();
            if (line.Length == 0) continue;
            var indent = line.Length - line.TrimStart().Length;
            if (indent == 0)
            {
                inServices = line == "services:";
                continue;
            }
            if (!inServices) continue;
            var parts = line.Trim().Split(':', 2);
            var (key, value) = (parts[0], parts.Length > 1 ? parts[1].Trim() : "");
            if (indent == 2) services[key] = current = new(StringComparer.Ordinal);
            else if (indent == 4 && current is not null) current[key] = value;
        }
        return services;
    }
}
