using System.Globalization;
using AgentPlatform.Reliability.Suite;

namespace AgentPlatform.Reliability.Soak;

/// <summary>
/// Reads one process's resident memory (VmRSS), threads (/proc/&lt;pid&gt;/status) and open descriptors
/// (/proc/&lt;pid&gt;/fd entries) by pid. Linux only, like the suite's process handling.
/// </summary>
public static class ProcessSampler
{
    /// <summary>A sample of <paramref name="pid"/>, or null when the process is gone or unreadable.</summary>
    public static ResourceSample? Sample(TimeSpan at, string name, int pid)
    {
        var dir = "/proc/" + pid.ToString(CultureInfo.InvariantCulture);
        try
        {
            long rss = -1;
            var threads = -1;
            foreach (var line in File.ReadLines(dir + "/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = ParseKb(line) * 1024;
                else if (line.StartsWith("Threads:", StringComparison.Ordinal)) threads = (int)ParseKb(line);
            }
            var fds = Directory.GetFileSystemEntries(dir + "/fd").Length;
            return rss < 0 || threads < 0 ? null : new ResourceSample(at, name, rss, fds, threads);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The number in "Key:   123 kB" (or "Key: 17").</summary>
    private static long ParseKb(string line)
    {
        var digits = line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim();
        var end = digits.IndexOf(' ');
        return long.Parse(end < 0 ? digits : digits[..end], NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
