Console.WriteLine("agentplatform");
