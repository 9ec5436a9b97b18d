namespace AgentPlatform.Infra.Tests;

/// <summary>One Bicep CLI run: its exit code and what it wrote (diagnostics go to standard error).</summary>
public sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\n{StandardError}";
}
