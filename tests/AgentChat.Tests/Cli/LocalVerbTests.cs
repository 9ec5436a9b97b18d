using System.Text.Json.Nodes;
using AgentPlatform.AgentChat.Tests.Infrastructure;
using AgentPlatform.Client.AgentChat;

namespace AgentPlatform.AgentChat.Tests.Cli;

/// <summary>The verbs that need no server: identity and deploy.</summary>
public sealed class LocalVerbTests
{
    private static JsonObject Json(string line) => (JsonObject)JsonNode.Parse(line)!;

    [Fact]
    public async Task Identity_generate_show_export_and_the_force_rule()
    {
        using var dir = new TempDir();
        var generated = await CliRun.RunAsync(["identity", "--generate", "-n", "writer", "--state-dir", dir.Path, "--json"]);
        Assert.True(generated.ExitCode == 0, generated.ToString());
        var id = Json(generated.Out).Text("agent_id")!;
        Assert.Matches("^@[0-9a-f]{8}$", id);
        var path = dir.Combine("identity.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

        var again = await CliRun.RunAsync(["identity", "-g", "--state-dir", dir.Path, "--json"]);
        Assert.Equal("IDENTITY_EXISTS", Json(again.Err).Text("error"));
        var forced = await CliRun.RunAsync(["identity", "-g", "--force", "--state-dir", dir.Path, "--json"]);
        Assert.NotEqual(id, Json(forced.Out).Text("agent_id"));

        var show = await CliRun.RunAsync(["identity", "--show", "-f", path]);
        Assert.Contains(AgentChatIdentity.Load(path).AgentId, show.Out);
        Assert.DoesNotContain("PRIVATE KEY", show.Out);

        var export = Json((await CliRun.RunAsync(["identity", "--export", "-f", path])).Out);
        Assert.Equal(["name", "pubkey", "created"], export.Select(p => p.Key));
    }

    [Fact]
    public async Task Deploy_writes_a_dockerfile_a_compose_file_and_an_akash_sdl_from_deploy_yaml_and_submits_nothing()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(dir.Combine("deploy.yaml"), """
            provider: akash
            image: ghcr.io/someone/agentchat:1.0   # the seed's example
            port: 7000
            resources:
              cpu: 1
              memory: 1Gi
              storage: 2Gi
            wallet: ./wallet.json
            duration: 48h
            """);
        var run = await CliRun.RunAsync(["deploy", "--config", dir.Combine("deploy.yaml"), "--output", dir.Combine("out"), "--json"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var result = Json(run.Out);
        Assert.False(result["submitted"]!.GetValue<bool>());
        Assert.Equal(3, result["written"]!.AsArray().Count);
        var sdl = await File.ReadAllTextAsync(dir.Combine("out", "deploy.sdl.yaml"));
        Assert.Contains("image: ghcr.io/someone/agentchat:1.0", sdl);
        Assert.Contains("units: 1", sdl);
        Assert.Contains("size: 1Gi", sdl);
        Assert.Contains("- port: 7000", sdl);
        Assert.Contains("EXPOSE 7000", await File.ReadAllTextAsync(dir.Combine("out", "Dockerfile")));
        Assert.Contains("\"7000:7000\"", await File.ReadAllTextAsync(dir.Combine("out", "docker-compose.yml")));

        var human = await CliRun.RunAsync(["deploy", "--config", dir.Combine("deploy.yaml"), "--output", dir.Combine("out"), "--force"]);
        Assert.Contains("Nothing was submitted to any network", human.Out);
        var refused = await CliRun.RunAsync(["deploy", "--config", dir.Combine("deploy.yaml"), "--output", dir.Combine("out"), "--json"]);
        Assert.Equal("FILE_EXISTS", Json(refused.Err).Text("error"));
    }
}
