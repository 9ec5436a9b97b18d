using AgentPlatform.Relay;

RelayApplication.Build(args).Run();
