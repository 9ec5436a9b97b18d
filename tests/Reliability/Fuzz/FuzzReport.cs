namespace AgentPlatform.Reliability.Fuzz;

/// <summary>What one format's run found: counts, speed, the slowest input and every finding (with its saved input).</summary>
public sealed class FuzzReport
{
    public long Cases { get; set; }

    public long Valid { get; set; }

    public long ProtocolErrors { get; set; }

    public TimeSpan Elapsed { get; set; }

    public double SlowestMs { get; set; }

    public long SlowestCase { get; set; } = -1;

    /// <summary>One line per finding: what escaped (or how slow) and the file holding the input.</summary>
    public List<string> Findings { get; } = [];

    /// <summary>Findings beyond the saved ones (same kinds, counted only).</summary>
    public long MoreFindings { get; set; }
}
