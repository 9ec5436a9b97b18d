using System.Globalization;

namespace AgentPlatform.Acp.Bench.Targets;

/// <summary>Resident memory of a process and of its descendants, read from /proc from outside.</summary>
public static class ProcessMemory
{
    /// <summary>VmRSS in bytes, 0 when the process is gone.</summary>
    public static long RssBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }

    /// <summary>The process and every descendant (through /proc/&lt;pid&gt;/task/*/children), bounded in depth and count.</summary>
    public static IReadOnlyList<int> Tree(int pid)
    {
        var all = new List<int> { pid };
        for (var i = 0; i < all.Count && all.Count < 10_000; i++)
        {
            all.AddRange(Children(all[i]));
        }
        return all;
    }

    /// <summary>RSS of the process plus its descendants.</summary>
    public static long TreeRssBytes(int pid) => Tree(pid).Sum(RssBytes);

    private static List<int> Children(int pid)
    {
        var tasks = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task";
        if (!Directory.Exists(tasks)) return [];
        var found = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories(tasks))
            {
                var file = Path.Combine(task, "children");
                if (!File.Exists(file)) continue;
                foreach (var word in File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (int.TryParse(word, NumberStyles.Integer, CultureInfo.InvariantCulture, out var child)) found.Add(child);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process or a thread went away while we read: what we have is what there is.
        }
        return found;
    }
}
