using AgentPlatform.Acp.Bench.Report;
using AgentPlatform.Acp.Bench.Targets;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Acp.Bench;

/// <summary>The command: start both servers, run the scenarios, print the section and optionally write it to bench/README.md.</summary>
public static class AcpBenchCommand
{
    public const string Token = "acp-bench-token";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var agent = RepoPaths.Combine("tests", "Interop", "node", "acp", "stdio-agent.mjs");
        if (!File.Exists(agent)) throw new FileNotFoundException("the stdio agent is missing", agent);
        var load = LoadAverage();
        RelayTarget? relay = null;
        SdkServerTarget? sdk = null;
        try
        {
            relay = await RelayTarget.StartAsync(agent, Token);
            sdk = await SdkServerTarget.StartAsync(agent, Token);
            var results = await new BenchRun(options).RunAsync([relay, sdk]);
            var section = AcpMarkdown.Build(options, results[0], results[1], load);
            Console.WriteLine(section);
            if (options.WriteReadme)
            {
                var readme = RepoPaths.Combine("bench", "README.md");
                new ReadmeSection("acp-bench", after: "<!-- platform-bench:end -->").Write(section, readme);
                Console.Error.WriteLine("wrote " + readme);
            }
            return 0;
        }
        finally
        {
            if (sdk is not null) await sdk.DisposeAsync();
            if (relay is not null) await relay.DisposeAsync();
        }
    }

    private static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} / {parts[1]} / {parts[2]}";
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
