using AgentPlatform.Acp.Bench;

// dotnet run -c Release --project bench/Acp.Bench -- [--quick] [--write-readme]
return await AcpBenchCommand.RunAsync(args);
