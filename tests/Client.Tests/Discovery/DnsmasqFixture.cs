using AgentPlatform.TestSupport;

namespace AgentPlatform.Client.Tests.Discovery;

/// <summary>One dnsmasq for the discovery tests, holding every record they ask for.</summary>
public sealed class DnsmasqFixture : IAsyncLifetime
{
    public static readonly string LongUri = "wss://long.example.test/" + new string('p', 400);

    public DnsmasqServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await DnsmasqServer.StartAsync(
        [
            ("_agent.good.example.test", ["v=aid1;p=websocket;uri=wss://events.example.test/stream;desc=Real-time Agent Feed"]),
            ("_agent.insecure.example.test", ["v=aid1;p=websocket;uri=ws://events.example.test/stream"]),
            ("_agent.oddproto.example.test", ["v=aid1;p=carrier-pigeon;uri=https://x.example.test"]),
            ("_agent.nouri.example.test", ["v=aid1;p=mcp"]),
            ("_agent.spf.example.test", ["v=spf1 -all"]),
            ("_agent.multi.example.test", ["v=aid1;p=mcp;", "uri=https://api.example.test/mcp;", "desc=split"]),
            // > 512 bytes in all: the UDP answer is truncated and the client must repeat over TCP.
            ("_agent.long.example.test", ["v=aid1;p=websocket;", "uri=" + LongUri[..200], LongUri[200..], ";desc=long"]),
            ("_agent.twice.example.test", ["v=aid1;p=mcp;uri=https://a.example.test"]),
            ("_agent.twice.example.test", ["v=aid1;p=mcp;uri=https://b.example.test"]),
            ("_agent.both.example.test", ["v=aid1;p=mcp;uri=https://old.example.test"]),
            ("_agent.both.example.test", ["v=aid2;p=mcp;uri=https://new.example.test"]),
            ("_agent.mixed.example.test", ["hello world"]),
            ("_agent.mixed.example.test", ["v=aid1;u=https://alias.example.test;p=openapi;a=pat"]),
            ("_agent.utf8.example.test", ["v=aid1;p=mcp;uri=https://u.example.test;desc=caf", "é ünï"]),
            ("_agent.retired.example.test", ["v=aid1;p=mcp;uri=https://r.example.test;dep=2020-01-01T00:00:00Z"]),
        ],
        ["example.test"]);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
