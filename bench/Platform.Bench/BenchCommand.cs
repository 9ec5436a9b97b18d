using AgentPlatform.Platform.Bench.Peers;

namespace AgentPlatform.Platform.Bench;

/// <summary>Dispatches the command line: the run itself, or one of the peer modes the run starts this executable in.</summary>
public static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == "floor") return await FloorMode.RunAsync();
        if (args.Length == 4 && args[0] == "provider") return await ProviderMode.RunAsync(args[1..]);
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
        return await BenchRun.RunAsync(options);
    }
}
