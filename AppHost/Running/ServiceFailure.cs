namespace AgentPlatform.AppHost.Running;

/// <summary>Why a service could not be (re)started, with the last lines it printed.</summary>
public sealed record ServiceFailure(string Service, string Reason, IReadOnlyList<string> LastLines)
{
    public string Describe()
    {
        var lines = LastLines.Count == 0 ? "  (it printed nothing)" : string.Join('\n', LastLines.Select(l => "  > " + l));
        return $"{Service} {Reason}. Last lines it printed:\n{lines}";
    }
}
