namespace AgentPlatform.AgentChat.Tests.Infrastructure;

/// <summary>One `agentchat` invocation in process: exit code and what it printed.</summary>
public sealed record CliRun(int ExitCode, string Out, string Err)
{
    /// <summary>Runs the verb; one that has not returned within a minute is cancelled (a test never hangs on it).</summary>
    public static async Task<CliRun> RunAsync(string[] args, string input = "", CancellationToken cancellationToken = default)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromMinutes(1));
        var code = await AgentChatCli.RunAsync(args, output, error, new StringReader(input), bounded.Token);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout: {Out}\nstderr: {Err}";
}
