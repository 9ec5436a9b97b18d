namespace AgentPlatform.Platform.Bench.Composition;

/// <summary>The machine's 1/5/15-minute load averages (/proc/loadavg), recorded before and after each part of the run.</summary>
public static class LoadAverage
{
    public static string Read()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} / {parts[1]} / {parts[2]}";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
