using System.CommandLine;

namespace AgentPlatform.AgentChat.Commands;

/// <summary>The options every client verb shares (a fresh instance per command: System.CommandLine options have one parent).</summary>
public sealed class CommonOptions
{
    public Option<bool> Json { get; } = new("--json") { Description = "machine-readable output: one JSON object (or JSON lines)" };

    public Option<string?> Name { get; } = new("--name", "-n") { Description = "agent name for IDENTIFY (default: the identity's name, else agent-<pid>)" };

    public Option<string?> Identity { get; } = new("--identity", "-i") { Description = "identity file (Ed25519 key; default: none, an ephemeral id)" };

    public Option<string?> Server { get; } = new("--server", "-S") { Description = "server URL (default: endpoints.json's agentchat.url under --data-dir, else ws://127.0.0.1:6667)" };

    public Option<string?> DataDir { get; } = new("--data-dir") { Description = "AppHost's data dir, whose endpoints.json names the Relay's /agentchat (default: AGENTPLATFORM_DATA_DIR)" };

    public Option<string> StateDir { get; } = StateDirOption();

    public Option<double> Timeout { get; } = new("--timeout") { Description = "seconds to wait for each answer", DefaultValueFactory = _ => 10 };

    /// <summary>Adds them to a command.</summary>
    public void AddTo(Command command, bool identity = true)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Json);
        command.Options.Add(Name);
        if (identity) command.Options.Add(Identity);
        command.Options.Add(Server);
        command.Options.Add(DataDir);
        command.Options.Add(Timeout);
        command.Options.Add(StateDir);
    }

    /// <summary><c>--state-dir</c>: where identity, receipts, ratings, proposals and daemons live (the reference's <c>./.agentchat</c>).</summary>
    public static Option<string> StateDirOption() =>
        new("--state-dir") { Description = "the .agentchat folder (identity.json, receipts.jsonl, ratings.json, daemons/)", DefaultValueFactory = _ => ".agentchat" };
}
