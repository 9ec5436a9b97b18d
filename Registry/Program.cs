using AgentPlatform.Registry;

RegistryApplication.Build(args).Run();
