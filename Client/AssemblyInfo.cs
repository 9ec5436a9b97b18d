namespace AgentPlatform.Client;
