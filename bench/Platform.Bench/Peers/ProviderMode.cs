using System.Globalization;
using System.Runtime.InteropServices;
using AgentPlatform.AgentHost.Provider;
using AgentPlatform.Relay.Bench;

namespace AgentPlatform.Platform.Bench.Peers;

/// <summary>
/// <c>provider &lt;relay-ws-url&gt; &lt;token&gt; &lt;count&gt;</c>: the product's AgentProvider (direct mode through
/// the Relay), <c>count</c> connections serving <see cref="BenchAgent"/>s, until SIGTERM or stdin closes.
/// </summary>
public static class ProviderMode
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var url = new Uri(args[0]);
        var options = new AgentProviderOptions { Token = args[1] };
        var count = int.Parse(args[2], CultureInfo.InvariantCulture);
        var providers = new List<AgentProvider>();
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.TrySetResult();
        });
        try
        {
            for (var i = 0; i < count; i++) providers.Add(await AgentProvider.ConnectAsync(url, BenchAgent.All, options));
            Console.WriteLine("READY {\"providers\":" + count.ToString(CultureInfo.InvariantCulture) + "}");
            // The parent closing our stdin (it died) also ends the peer.
            var stdinClosed = Task.Run(() => Console.In.ReadToEnd());
            await Task.WhenAny(stop.Task, stdinClosed);
        }
        finally
        {
            foreach (var p in providers) await p.DisposeAsync();
        }
        return 0;
    }
}
