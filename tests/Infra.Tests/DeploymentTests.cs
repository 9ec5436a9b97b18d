using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentPlatform.Infra.Tests;

/// <summary>
/// What `azd up` relies on, read from the compiled ARM template: azure.yaml's services each have a resource tagged
/// with their name and of their host kind, the parameters file supplies what main.bicep needs, and Functions
/// deploys as a Flex Consumption Function App that nobody reaches without its key.
/// </summary>
public sealed class DeploymentTests(CompiledMain main) : IClassFixture<CompiledMain>
{
    private static readonly Dictionary<string, string> ResourceTypeOfHost = new(StringComparer.Ordinal)
    {
        ["containerapp"] = "Microsoft.App/containerApps",
        ["function"] = "Microsoft.Web/sites",
    };

    private List<ArmResource> Resources
    {
        get
        {
            Assert.True(main.Build.ExitCode == 0, main.Build.ToString());
            return main.Template.Resources().ToList();
        }
    }

    [Fact]
    public void Every_azure_yaml_service_has_one_resource_tagged_with_its_name_and_of_its_host_kind()
    {
        var services = AzureYaml.Services(TestSupport.RepoPaths.Combine("azure.yaml"));
        Assert.Equal(["dashboard", "functions", "registry", "relay"], services.Keys.Order(StringComparer.Ordinal));
        var tagged = Resources.Where(r => r.AzdServiceName is not null).ToList();
        Assert.Equal(services.Keys.Order(StringComparer.Ordinal), tagged.Select(r => r.AzdServiceName!).Order(StringComparer.Ordinal));
        foreach (var (name, props) in services)
        {
            Assert.Equal("dotnet", props["language"]);
            var project = Path.GetFullPath(Path.Combine(TestSupport.RepoPaths.Root, props["project"]));
            Assert.True(Directory.GetFiles(project, "*.csproj").Length == 1, $"{name}: {project} holds one project");
            Assert.True(ResourceTypeOfHost.TryGetValue(props["host"], out var type), $"{name}: host {props["host"]} is not one infra/ deploys");
            var resource = Assert.Single(tagged, r => r.AzdServiceName == name);
            Assert.Equal(type, resource.Type);
            if (props["host"] == "function") Assert.Contains("functionapp", resource.Kind ?? "", StringComparison.Ordinal);
        }
        Assert.Equal("function", services["functions"]["host"]);
    }

    [Fact]
    public void Parameters_file_supplies_every_required_parameter_and_nothing_undeclared()
    {
        var declared = main.Template.Root["parameters"]!.AsObject();
        using var file = JsonDocument.Parse(File.ReadAllText(TestSupport.RepoPaths.Combine("infra", "main.parameters.json")));
        var supplied = file.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(declared.Select(p => p.Key).ToHashSet(StringComparer.Ordinal), supplied);
        foreach (var (name, definition) in declared)
        {
            if (definition?["defaultValue"] is null) Assert.True(supplied.Contains(name), $"{name} has no default and is not supplied");
        }
    }

    [Fact]
    public void Functions_is_a_flex_consumption_dotnet_isolated_app_with_a_deployment_container()
    {
        var app = Assert.Single(Resources, r => r.AzdServiceName == "functions");
        var config = app.Body["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", config["runtime"]!["version"]!.GetValue<string>());
        Assert.Equal("blobContainer", config["deployment"]!["storage"]!["type"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", config["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
        var plan = Assert.Single(Resources, r => r.Type == "Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.Body["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan.Body["sku"]!["tier"]!.GetValue<string>());
        Assert.True(app.Body["properties"]!["httpsOnly"]!.GetValue<bool>());
        // Flex Consumption rejects the worker-runtime setting: the runtime comes from functionAppConfig only.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", app.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Callers_of_functions_present_its_host_key()
    {
        // Azure Web PubSub: the event handler URL carries the key as code=.
        var hub = Assert.Single(Resources, r => r.Type == "Microsoft.SignalRService/webPubSub/hubs");
        var handler = Assert.Single(hub.Body["properties"]!["eventHandlers"]!.AsArray())!;
        var url = handler["urlTemplate"]!.GetValue<string>();
        Assert.Contains("?code=", url, StringComparison.Ordinal);
        Assert.Contains("/host/default", url, StringComparison.Ordinal);
        Assert.Contains(".functionKeys.default", url, StringComparison.Ordinal);

        // The Relay: the host key in a Container App secret, handed to it as Relay__Functions__Key.
        var relay = Assert.Single(Resources, r => r.AzdServiceName == "relay");
        var json = relay.Body.ToJsonString();
        Assert.Contains("functions-key", json, StringComparison.Ordinal);
        Assert.Contains("functionKeys.default", json, StringComparison.Ordinal);
        var relayModule = Assert.Single(Resources, r => r.Type == "Microsoft.Resources/deployments"
            && r.Body["properties"]?["parameters"]?["serviceName"]?["value"]?.GetValue<string>() == "relay");
        var env = relayModule.Body["properties"]!["parameters"]!["env"]!.ToJsonString();
        Assert.Contains("Relay__Functions__Key", env, StringComparison.Ordinal);
        Assert.Contains("functions-key", env, StringComparison.Ordinal);
    }

    [Fact]
    public void No_secret_leaves_a_module_as_an_output()
    {
        foreach (var deployment in Resources.Where(r => r.Type == "Microsoft.Resources/deployments"))
        {
            if (deployment.Body["properties"]?["template"]?["outputs"] is not JsonObject outputs) continue;
            foreach (var output in outputs.Select(o => o.Value))
            {
                Assert.DoesNotContain("listKeys", output?.ToJsonString() ?? "", StringComparison.Ordinal);
                Assert.NotEqual("securestring", output?["type"]?.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
            }
        }
    }
}
