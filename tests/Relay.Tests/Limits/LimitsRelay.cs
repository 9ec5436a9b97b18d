using System.Globalization;
using AgentPlatform.Relay.Agenkit;
using AgentPlatform.Relay.Tests.Acp.Transport;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Relay.Tests.Limits;

/// <summary>A whole Relay (every dialect, the test ACP agent, agenkit on a free TCP port) with the limits under test.</summary>
internal static class LimitsRelay
{
    public static Task<AcpRelay> StartAsync(Dictionary<string, string?> settings)
    {
        var config = new Dictionary<string, string?>(settings)
        {
            ["Relay:Agenkit:TcpPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        };
        return AcpRelay.StartAsync(config);
    }

    public static string Agenkit(this AcpRelay relay) => relay.Get<AgenkitListener>().TcpEndpoint!;

    public static string Bearer => "Bearer " + AcpRelay.Token;

    /// <summary>A dialect upgrade as a raw request: path, subprotocol and authorization for each dialect.</summary>
    public static Task<(RawHttp Socket, RawResponse Response)> UpgradeAsync(AcpRelay relay, string dialect) => dialect switch
    {
        "asp-v1" => RawHttp.UpgradeAsync(relay.Url, "/v1/agent-socket", "asp-v1", Bearer),
        "acp" => RawHttp.UpgradeAsync(relay.Url, "/acp", null, Bearer),
        "agentchat" => RawHttp.UpgradeAsync(relay.Url, "/agentchat"),
        "webpubsub" => RawHttp.UpgradeAsync(relay.Url, "/client/hubs/agents"),
        _ => throw new ArgumentOutOfRangeException(nameof(dialect)),
    };

    public static IEnumerable<string> HttpDialects => ["asp-v1", "acp", "agentchat", "webpubsub"];
}
