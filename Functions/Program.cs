using AgentPlatform.Functions;

FunctionsApplication.Build(args).Run();
