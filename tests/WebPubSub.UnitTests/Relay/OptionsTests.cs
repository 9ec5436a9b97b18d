using AgentPlatform.Relay.WebPubSub.Options;
using Microsoft.Extensions.Configuration;

namespace AgentPlatform.WebPubSub.UnitTests.Relay;

/// <summary>Hub handler settings in the official emulator's shape, from JSON-style arrays or single environment variables.</summary>
public class OptionsTests
{
    private static WebPubSubOptions Read(Dictionary<string, string?> settings) =>
        WebPubSubOptionsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    [Fact]
    public void Reads_handlers_in_emulator_shape_and_as_comma_lists()
    {
        var options = Read(new()
        {
            ["ConnectionStrings:webpubsub"] = "Endpoint=http://127.0.0.1:9;AccessKey=k;Version=1.0;",
            ["WebPubSub:SecondaryAccessKey"] = "k2",
            ["WebPubSub:Hubs:chat:EventHandlers:0:UrlTemplate"] = "http://h/{hub}/{event}",
            ["WebPubSub:Hubs:chat:EventHandlers:0:UserEventPattern"] = "a, b",
            ["WebPubSub:Hubs:chat:EventHandlers:0:SystemEvents:0"] = "connect",
            ["WebPubSub:Hubs:chat:EventHandlers:1:UrlTemplate"] = "http://other/{event}",
            ["WebPubSub:Hubs:chat:EventHandlers:1:UserEventPattern"] = "*",
            ["WebPubSub:Hubs:chat:EventHandlers:1:SystemEvents"] = "connected,disconnected",
        });
        Assert.Equal(["k", "k2"], options.AccessKeys);
        var handlers = options.HandlersOf("CHAT");
        Assert.Equal(2, handlers.Count);
        Assert.True(handlers[0].MatchesUserEvent("b"));
        Assert.False(handlers[0].MatchesUserEvent("c"));
        Assert.True(handlers[0].MatchesSystemEvent("connect"));
        Assert.Equal(["connected", "disconnected"], handlers[1].SystemEvents);
        Assert.Equal(new Uri("http://h/chat/my%20event"), handlers[0].UrlFor("chat", "my event"));
        Assert.Empty(options.HandlersOf("agents"));
    }

    [Fact]
    public void Defaults_hub_agents_to_functions_when_it_is_referenced()
    {
        var options = Read(new()
        {
            ["ConnectionStrings:webpubsub"] = "Endpoint=http://127.0.0.1:9;AccessKey=k;Version=1.0;",
            ["services:functions:http:0"] = "http://127.0.0.1:7000/",
        });
        var handler = Assert.Single(options.HandlersOf("agents"));
        Assert.Equal(new Uri("http://127.0.0.1:7000/api/webpubsub/hubs/agents/invoke"), handler.UrlFor("agents", "invoke"));
        Assert.True(handler.MatchesUserEvent("anything"));
        Assert.True(handler.MatchesSystemEvent("disconnected"));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://h/{event}")]
    public void Refuses_bad_url_templates_at_startup(string template) =>
        Assert.Throws<FormatException>(() => Read(new()
        {
            ["ConnectionStrings:webpubsub"] = "Endpoint=http://127.0.0.1:9;AccessKey=k;Version=1.0;",
            ["WebPubSub:Hubs:chat:EventHandlers:0:UrlTemplate"] = template,
        }));

    [Fact]
    public void Refuses_a_malformed_connection_string_at_startup() =>
        Assert.Throws<FormatException>(() => Read(new() { ["ConnectionStrings:webpubsub"] = "Endpoint=nope" }));
}
