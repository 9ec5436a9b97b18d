using System.CommandLine;
using System.Text.Json.Nodes;
using AgentPlatform.AgentChat.Deploy;
using AgentPlatform.AgentChat.Output;

namespace AgentPlatform.AgentChat.Commands;

/// <summary><c>agentchat deploy</c>: writes a Dockerfile, a compose file and an Akash SDL from deploy.yaml, and submits nothing anywhere.</summary>
public static class DeployCommand
{
    public const string NothingSubmitted = "Nothing was submitted to any network: these are files for you to review and run yourself.";

    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "deploy.yaml (default: ./deploy.yaml when present, else defaults)" };
        var outputDir = new Option<string>("--output") { Description = "folder for the generated files", DefaultValueFactory = _ => "." };
        var provider = new Option<string?>("--provider") { Description = "docker or akash (default: the config's provider)" };
        var initConfig = new Option<bool>("--init-config") { Description = "write an example deploy.yaml and stop" };
        var force = new Option<bool>("--force") { Description = "overwrite existing files" };
        var json = new Option<bool>("--json") { Description = "machine-readable output" };
        var command = new Command("deploy", "Generate deployment files (Dockerfile, compose, Akash SDL); submits nothing") { config, outputDir, provider, initConfig, force, json };
        command.SetAction(async (parse, ct) =>
        {
            var output = new CliOutput(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(json));
            var dir = parse.GetValue(outputDir)!;
            Directory.CreateDirectory(dir);
            var written = new JsonArray();
            if (parse.GetValue(initConfig))
            {
                var path = Path.Combine(dir, "deploy.yaml");
                if (File.Exists(path) && !parse.GetValue(force)) return await output.FailAsync("FILE_EXISTS", $"{path} exists (use --force)");
                await File.WriteAllTextAsync(path, DeployConfig.Example, ct);
                written.Add(path);
                await output.ResultAsync(new JsonObject { ["written"] = written, ["submitted"] = false }, $"wrote {path}");
                return 0;
            }
            var configPath = parse.GetValue(config) ?? (File.Exists("deploy.yaml") ? "deploy.yaml" : null);
            DeployConfig settings;
            try
            {
                settings = configPath is null ? new DeployConfig() : DeployConfig.Parse(await File.ReadAllTextAsync(configPath, ct));
            }
            catch (Exception ex) when (ex is FormatException or IOException)
            {
                return await output.FailAsync("CONFIG_INVALID", ex.Message, 2);
            }
            var target = parse.GetValue(provider) ?? settings.Provider;
            if (target is not ("docker" or "akash")) return await output.FailAsync("USAGE", $"unknown provider '{target}' (docker or akash)", 2);
            var files = new List<(string Name, string Text)> { (DeployFiles.Dockerfile, DeployFiles.DockerfileText(settings)), (DeployFiles.Compose, DeployFiles.ComposeText(settings)) };
            if (target == "akash") files.Add((DeployFiles.AkashSdl, DeployFiles.AkashSdlText(settings)));
            foreach (var (name, text) in files)
            {
                var path = Path.Combine(dir, name);
                if (File.Exists(path) && !parse.GetValue(force)) return await output.FailAsync("FILE_EXISTS", $"{path} exists (use --force)");
                await File.WriteAllTextAsync(path, text, ct);
                written.Add(path);
            }
            await output.ResultAsync(new JsonObject { ["written"] = written, ["provider"] = target, ["submitted"] = false, ["note"] = NothingSubmitted },
                [.. written.Select(p => $"{ClientCommands.OutputMark()} wrote {p}"), CliOutput.Bold(NothingSubmitted)]);
            return 0;
        });
        return command;
    }
}
