using System.CommandLine;
using System.Text.Json.Nodes;
using AgentPlatform.AgentChat.Output;
using AgentPlatform.Client.AgentChat;

namespace AgentPlatform.AgentChat.Commands;

/// <summary><c>agentchat identity</c>: generate, show or export the Ed25519 identity file (the reference's flags).</summary>
public static class IdentityCommand
{
    public static Command Create()
    {
        var generate = new Option<bool>("--generate", "-g") { Description = "generate a new key pair" };
        var show = new Option<bool>("--show", "-s") { Description = "show the identity (never the private key)" };
        var export = new Option<bool>("--export", "-e") { Description = "print {name, pubkey, created} as JSON, for sharing" };
        var file = new Option<string?>("--file", "-f") { Description = "identity file (default: <state-dir>/identity.json)" };
        var name = new Option<string?>("--name", "-n") { Description = "agent name for --generate (default agent-<pid>)" };
        var force = new Option<bool>("--force") { Description = "overwrite an existing identity" };
        var json = new Option<bool>("--json") { Description = "machine-readable output" };
        var stateDir = CommonOptions.StateDirOption();
        var command = new Command("identity", "Manage the agent identity (Ed25519 key pair)") { generate, show, export, file, name, force, json, stateDir };
        command.SetAction(async (parse, ct) =>
        {
            var output = new CliOutput(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(json));
            var path = parse.GetValue(file) ?? Path.Combine(parse.GetValue(stateDir)!, "identity.json");
            if (parse.GetValue(generate))
            {
                if (File.Exists(path) && !parse.GetValue(force)) return await output.FailAsync("IDENTITY_EXISTS", $"{path} exists (use --force to overwrite)");
                var identity = AgentChatIdentity.Generate(parse.GetValue(name) ?? "agent-" + Environment.ProcessId);
                identity.Save(path);
                await output.ResultAsync(Describe(identity, path), $"{ClientCommands.OutputMark()} generated {CliOutput.Bold(identity.AgentId)} ({identity.Name}) in {path}");
                return 0;
            }
            if (!File.Exists(path)) return await output.FailAsync("IDENTITY_NOT_FOUND", $"no identity at {path} (agentchat identity --generate)");
            AgentChatIdentity loaded;
            try
            {
                loaded = AgentChatIdentity.Load(path);
            }
            catch (FormatException ex)
            {
                return await output.FailAsync("IDENTITY_INVALID", $"{path}: {ex.Message}");
            }
            if (parse.GetValue(export))
            {
                // The export is JSON in either mode: it is meant to be shared as a file.
                await output.Out.WriteLineAsync(loaded.ToJson(includePrivateKey: false));
                return 0;
            }
            _ = parse.GetValue(show); // --show is the default action
            await output.ResultAsync(Describe(loaded, path),
                $"{CliOutput.Bold("agent id")}  {loaded.AgentId}", $"{CliOutput.Bold("name")}      {loaded.Name}",
                $"{CliOutput.Bold("created")}   {loaded.Created}", $"{CliOutput.Bold("file")}      {path}", loaded.PublicKeyPem.TrimEnd('\n'));
            return 0;
        });
        return command;
    }

    private static JsonObject Describe(AgentChatIdentity identity, string path) => new()
    {
        ["agent_id"] = identity.AgentId,
        ["name"] = identity.Name,
        ["pubkey"] = identity.PublicKeyPem,
        ["created"] = identity.Created,
        ["file"] = Path.GetFullPath(path),
    };
}
