using System.Globalization;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Dashboard.FunctionalTests.Support;

/// <summary>Runs node/invoke.mjs: a real asp-v1 WebSocket client (npm ws + @msgpack/msgpack) against the Relay.</summary>
public static class AspV1NodeClient
{
    /// <summary>node/connections.mjs: <paramref name="count"/> connections that say HELLO and stay open.</summary>
    public static ChildProcess OpenMany(Uri relay, int count, TimeSpan hold)
    {
        var script = TestRepo.Combine("tests", "Dashboard.FunctionalTests", "node", "connections.mjs");
        var ws = new UriBuilder(relay) { Scheme = "ws", Path = "/v1/agent-socket" }.Uri;
        return ChildProcess.Start("node",
            [script, ws.AbsoluteUri, InProcessPlatform.AgentSocketKey, count.ToString(CultureInfo.InvariantCulture),
             ((int)hold.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)],
            TestRepo.Root);
    }

    public static ChildProcess Start(Uri relay, string agent, int invocations, TimeSpan hold, TimeSpan gap = default)
    {
        var script = TestRepo.Combine("tests", "Dashboard.FunctionalTests", "node", "invoke.mjs");
        if (!Directory.Exists(TestRepo.Combine("node_modules")))
        {
            throw new InvalidOperationException("node_modules is missing: run the test command (./test.sh), which runs npm ci.");
        }
        var ws = new UriBuilder(relay) { Scheme = "ws", Path = "/v1/agent-socket" }.Uri;
        return ChildProcess.Start("node",
            [script, ws.AbsoluteUri, InProcessPlatform.AgentSocketKey, agent, invocations.ToString(CultureInfo.InvariantCulture),
             ((int)hold.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), ((int)gap.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)],
            TestRepo.Root);
    }
}
