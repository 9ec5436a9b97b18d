using System.Text.Json;
using System.Text.RegularExpressions;
using AgentPlatform.AppHost.Composition;

namespace AgentPlatform.AppHost.Tests.Infra;

/// <summary>
/// The Bicep CLI cannot be installed here, so these check what can be checked without it: the JSON files
/// parse, parameters line up with main.bicep, and azd's service names match the container apps' tags.
/// </summary>
public sealed partial class InfraTests
{
    private static string Repo(params string[] parts) => Path.Combine([AgentPlatform.TestSupport.RepoPaths.Root, .. parts]);

    private static readonly string MainBicep = File.ReadAllText(Repo("infra", "main.bicep"));

    [Fact]
    public void Json_files_parse()
    {
        foreach (var file in new[] { Repo("infra", "main.parameters.json"), Repo("infra", "abbreviations.json") })
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        }
    }

    [Fact]
    public void Parameters_file_and_main_bicep_agree()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Repo("infra", "main.parameters.json")));
        var supplied = doc.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet();
        var declared = ParamDeclaration().Matches(MainBicep).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["default"].Success);
        Assert.Subset(declared.Keys.ToHashSet(), supplied);
        Assert.All(declared.Where(d => !d.Value), d => Assert.Contains(d.Key, supplied));
    }

    [Fact]
    public void Azure_yaml_services_match_the_container_apps_azd_service_name_tags()
    {
        var yamlServices = AzureYamlServices(File.ReadAllLines(Repo("azure.yaml")));
        var bicepServices = ServiceNameParam().Matches(MainBicep).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["dashboard", "functions", "registry", "relay"], yamlServices.Keys.Order());
        Assert.Equal(yamlServices.Keys.Order(), bicepServices.Order());
        Assert.Contains("'azd-service-name': serviceName", File.ReadAllText(Repo("infra", "modules", "container-app.bicep")), StringComparison.Ordinal);
        foreach (var (name, props) in yamlServices)
        {
            Assert.Equal("containerapp", props["host"]);
            Assert.Equal("dotnet", props["language"]);
            var project = Path.GetFullPath(Path.Combine(AgentPlatform.TestSupport.RepoPaths.Root, props["project"]));
            Assert.True(Directory.GetFiles(project, "*.csproj").Length == 1, $"{name}: {project} holds one project");
        }
    }

    [Fact]
    public void Every_module_and_abbreviation_used_exists()
    {
        foreach (Match m in ModuleReference().Matches(MainBicep))
        {
            Assert.True(File.Exists(Repo("infra", m.Groups[1].Value)), m.Groups[1].Value);
        }
        using var abbrs = JsonDocument.Parse(File.ReadAllText(Repo("infra", "abbreviations.json")));
        foreach (Match m in AbbreviationUse().Matches(MainBicep))
        {
            Assert.True(abbrs.RootElement.TryGetProperty(m.Groups[1].Value, out _), m.Groups[1].Value);
        }
        Assert.Contains("targetScope = 'subscription'", MainBicep, StringComparison.Ordinal);
    }

    /// <summary>Reads the services block of azure.yaml (two-space indented maps); enough for this file's shape.</summary>
    private static Dictionary<string, Dictionary<string, string>> AzureYamlServices(string[] lines)
    {
        var services = new Dictionary<string, Dictionary<string, string>>();
        var inServices = false;
        Dictionary<string, string>? current = null;
        foreach (var raw in lines)
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
            var (key, value) = (line.Trim().Split(':', 2)[0], line.Split(':', 2)[1].Trim());
            if (indent == 2) services[key] = current = [];
            else if (indent == 4 && current is not null) current[key] = value;
        }
        return services;
    }

    [GeneratedRegex(@"(?m)^param (?<name>\w+) \w+(?<default> =.*)?$")]
    private static partial Regex ParamDeclaration();

    [GeneratedRegex(@"serviceName: '(\w+)'")]
    private static partial Regex ServiceNameParam();

    [GeneratedRegex(@"module \w+ '\./([\w/.-]+\.bicep)'")]
    private static partial Regex ModuleReference();

    [GeneratedRegex(@"abbrs\.(\w+)")]
    private static partial Regex AbbreviationUse();
}
