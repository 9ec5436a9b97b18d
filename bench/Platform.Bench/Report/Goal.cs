namespace AgentPlatform.Platform.Bench.Report;

/// <summary>One of issue 13's goals as measured in this run: the figures, the ratio the goal bounds, and whether it held (null: not measured).</summary>
public sealed record Goal(string Text, string Measured, string Ratio, bool? Met);
