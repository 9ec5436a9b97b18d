using AgentPlatform.Dashboard.Bench;

return await LatencyRun.RunAsync(args);
