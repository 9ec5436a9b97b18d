using System.Net;
using AgentPlatform.Client.Discovery;
using AgentPlatform.Protocol.Aid;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Client.Tests.Discovery;

/// <summary>AgentDiscovery against a real DNS server (dnsmasq) on 127.0.0.1.</summary>
public sealed class AgentDiscoveryTests(DnsmasqFixture dns) : IClassFixture<DnsmasqFixture>
{
    private AgentDiscovery Discovery(IReadOnlyCollection<string>? supported = null) => new(new AgentDiscoveryOptions
    {
        NameServers = [new IPEndPoint(IPAddress.Loopback, dns.Server.Port)],
        Timeout = TimeSpan.FromSeconds(3),
        SupportedProtocols = supported,
    });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_websocket_record_is_found_parsed_and_validated()
    {
        var result = await Discovery().DiscoverAsync("good.example.test", Ct);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal("_agent.good.example.test", result.QueryName);
        Assert.Equal(new AidRecord { Version = "aid1", Proto = "websocket", Uri = "wss://events.example.test/stream", Desc = "Real-time Agent Feed" }, result.Record);
        Assert.False(result.UsedTcp);
        Assert.Equal(300u, result.Ttl);
    }

    [Theory]
    [InlineData("insecure.example.test", AidErrorCode.Security)]
    [InlineData("oddproto.example.test", AidErrorCode.UnsupportedProto)]
    [InlineData("nouri.example.test", AidErrorCode.InvalidTxt)]
    [InlineData("nothing.example.test", AidErrorCode.NoRecord)]
    [InlineData("spf.example.test", AidErrorCode.NoRecord)]
    [InlineData("twice.example.test", AidErrorCode.InvalidTxt)]
    [InlineData("retired.example.test", AidErrorCode.InvalidTxt)]
    public async Task Bad_or_missing_records_give_the_typed_error(string domain, AidErrorCode expected)
    {
        var result = await Discovery().DiscoverAsync(domain, Ct);
        Assert.False(result.IsSuccess);
        Assert.Equal(expected, result.Error!.Code);
        Assert.Null(result.Record);
    }

    [Fact]
    public async Task A_ws_uri_is_refused_with_ERR_SECURITY_as_seed_001_demands()
    {
        var result = await Discovery().DiscoverAsync("insecure.example.test", Ct);
        Assert.Equal("ERR_SECURITY", result.Error!.Name);
        Assert.Equal(1003, (int)result.Error.Code);
    }

    [Fact]
    public async Task Character_strings_of_one_record_are_concatenated()
    {
        var result = await Discovery().DiscoverAsync("multi.example.test", Ct);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal("https://api.example.test/mcp", result.Record!.Uri);
        Assert.Equal("split", result.Record.Desc);
    }

    [Fact]
    public async Task A_record_too_long_for_UDP_is_fetched_over_TCP()
    {
        var result = await Discovery().DiscoverAsync("long.example.test", Ct);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.True(result.UsedTcp);
        Assert.Equal(DnsmasqFixture.LongUri, result.Record!.Uri);
        Assert.Equal("long", result.Record.Desc);
    }

    [Fact]
    public async Task Non_ASCII_text_comes_back_as_the_UTF8_the_record_holds()
    {
        var result = await Discovery().DiscoverAsync("utf8.example.test", Ct);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal("café ünï", result.Record!.Desc);
    }

    [Fact]
    public async Task One_discovery_keeps_answering_after_a_TCP_fallback()
    {
        var discovery = Discovery();
        Assert.True((await discovery.DiscoverAsync("long.example.test", Ct)).UsedTcp);
        var after = await discovery.DiscoverAsync("good.example.test", Ct);
        Assert.True(after.IsSuccess, after.Error?.ToString());
        Assert.False(after.UsedTcp);
        Assert.Equal(AidErrorCode.NoRecord, (await discovery.DiscoverAsync("nothing.example.test", Ct)).Error!.Code);
    }

    [Fact]
    public async Task Aid2_wins_over_aid1_and_other_TXT_records_are_ignored()
    {
        var both = await Discovery().DiscoverAsync("both.example.test", Ct);
        Assert.Equal(("aid2", "https://new.example.test"), (both.Record!.Version, both.Record.Uri));
        var mixed = await Discovery().DiscoverAsync("MIXED.example.test.", Ct);
        Assert.Equal(("openapi", "https://alias.example.test", "pat"), (mixed.Record!.Proto, mixed.Record.Uri, mixed.Record.Auth));
    }

    [Fact]
    public async Task A_client_that_does_not_speak_the_protocol_gets_ERR_UNSUPPORTED_PROTO()
    {
        var result = await Discovery(supported: ["mcp"]).DiscoverAsync("good.example.test", Ct);
        Assert.Equal(AidErrorCode.UnsupportedProto, result.Error!.Code);
    }

    [Fact]
    public async Task An_unreachable_server_gives_ERR_DNS_LOOKUP_FAILED()
    {
        var discovery = new AgentDiscovery(new AgentDiscoveryOptions
        {
            NameServers = [new IPEndPoint(IPAddress.Loopback, FreePort.Next())],
            Timeout = TimeSpan.FromMilliseconds(300),
            Attempts = 1,
        });
        var result = await discovery.DiscoverAsync("good.example.test", Ct);
        Assert.Equal(AidErrorCode.DnsLookupFailed, result.Error!.Code);
        var invalid = await Discovery().DiscoverAsync("bad..name", Ct);
        Assert.Equal(AidErrorCode.DnsLookupFailed, invalid.Error!.Code);
    }
}
