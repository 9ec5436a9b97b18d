using AgentPlatform.Reliability.Suite;

// dotnet run -c Release --project tests/Reliability -- [--quick] [--only NAME[,NAME]] [--soak 30m] [--fuzz-frames N] [--json PATH]
return await SuiteCommand.RunAsync(args);
