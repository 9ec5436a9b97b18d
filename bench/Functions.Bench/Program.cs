using AgentPlatform.Functions.Bench;

var rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3000;
return await FunctionsBench.RunAsync(rounds);
