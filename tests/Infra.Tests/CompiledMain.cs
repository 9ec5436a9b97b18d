using System.Text.Json.Nodes;

namespace AgentPlatform.Infra.Tests;

/// <summary>infra/main.bicep compiled once per test class (`bicep build --stdout`), shared by the tests that read it.</summary>
public sealed class CompiledMain : IAsyncLifetime
{
    public BicepResult Build { get; private set; } = new(-1, "", "");

    public ArmTemplate Template { get; private set; } = new([]);

    public async ValueTask InitializeAsync()
    {
        Build = await BicepCli.RunAsync("build", "infra/main.bicep", "--stdout");
        if (Build.ExitCode == 0 && JsonNode.Parse(Build.StandardOutput) is JsonObject root) Template = new ArmTemplate(root);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
