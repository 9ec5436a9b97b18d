using System.Globalization;
using AgentPlatform.Functions.Bench;

// `host [rounds]`: relay-mode POST /invoke/echo through FunctionsHost and the isolated worker, beside the in-process
// harness and a bare HTTP POST floor. Otherwise `[rounds]`: the relay-mode hop, direct mode and the context store.
if (args.Length > 0 && args[0] == "host")
{
    return await FunctionsHostBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000);
}
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3000;
return await FunctionsBench.RunAsync(rounds);
