using AgentPlatform.AgentChat.Bench;

return args is ["engine"] ? await EngineMode.RunAsync() : await BenchCommand.RunAsync(BenchOptions.Parse(args));
