using AgentPlatform.Reliability.Faults;
using AgentPlatform.Reliability.Suite;

// dotnet run -c Release --project tests/Reliability -- [--quick] [--only NAME[,NAME]] [--soak 30m] [--fuzz-frames N] [--json PATH]
// The same executable is the agenkit peer process of the fault scenarios: `agenkit-peer ENDPOINT REGISTRY`.
if (args is [AgenkitPeerProcess.Command, var endpoint, var registry]) return await AgenkitPeerProcess.ServeAsync(endpoint, registry);
return await SuiteCommand.RunAsync(args);
