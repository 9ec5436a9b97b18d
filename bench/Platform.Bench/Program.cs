using AgentPlatform.Platform.Bench;

// dotnet run -c Release --project bench/Platform.Bench -- [--quick] [--write-readme]
// The same executable is started again by the run as its peers: `floor` (bare Kestrel) and `provider <url> <token> <n>`.
return await BenchCommand.RunAsync(args);
