using AgentPlatform.Protocol.Bench;

return BenchProgram.Run(args);
