using AgentPlatform.FunctionsHost;

LocalFunctionsHost.Build(args).Run();
