using Microsoft.Extensions.Options;

namespace AgentPlatform.Relay.Acp.Agents.Stdio;

/// <summary>Refuses stdio agent settings the Relay cannot run, naming each key, so the Relay stops at start and not at the first client.</summary>
public sealed class AcpStdioOptionsValidator : IValidateOptions<AcpStdioOptions>
{
    public ValidateOptionsResult Validate(string? name, AcpStdioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxMessageBytes <= 0) failures.Add("Acp:MaxMessageBytes must be greater than 0 (was " + options.MaxMessageBytes + ")");
        foreach (var (agent, settings) in options.Agents)
        {
            var key = "Acp:Agents:" + agent + ":Command";
            try
            {
                if (CommandLine.Split(settings.Command ?? "").Count == 0) failures.Add(key + " must name a program (it is empty)");
            }
            catch (FormatException ex)
            {
                failures.Add(key + " cannot be split into words: " + ex.Message);
            }
            if (!string.IsNullOrWhiteSpace(settings.WorkingDirectory) && !Directory.Exists(settings.WorkingDirectory))
            {
                failures.Add("Acp:Agents:" + agent + ":WorkingDirectory does not exist (was " + settings.WorkingDirectory + ")");
            }
        }
        if (options.InitializeTimeout <= TimeSpan.Zero) failures.Add("the stdio agents' initialize timeout must be positive");
        if (options.MinRestartDelay <= TimeSpan.Zero || options.MaxRestartDelay < options.MinRestartDelay)
        {
            failures.Add("the stdio agents' restart delays must be positive, the first no longer than the last");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
