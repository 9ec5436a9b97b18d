namespace AgentPlatform.Protocol;
