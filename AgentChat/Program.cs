using AgentPlatform.AgentChat;

return await AgentChatCli.RunAsync(args, Console.Out, Console.Error, Console.In);
