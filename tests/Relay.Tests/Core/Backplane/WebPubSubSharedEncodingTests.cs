using System.Text;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.Auth;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Core.Backplane;
using AgentPlatform.Relay.WebPubSub.Connections;
using AgentPlatform.Relay.WebPubSub.Options;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Relay.Tests.Core.Backplane;

/// <summary>The Web PubSub dialect shares one encoding per fan-out among its plain and among its simple clients.</summary>
public sealed class WebPubSubSharedEncodingTests
{
    [Fact]
    public async Task A_group_send_gives_every_plain_client_the_same_bytes_and_each_reliable_client_its_own()
    {
        Assert.True(WebPubSubConnectionString.TryParse("Endpoint=http://127.0.0.1;AccessKey=k;Version=1.0;", out var cs, out _));
        var dialect = new WebPubSubDialect(new WebPubSubOptions { ConnectionString = cs });
        var core = new RelayCore(new InProcessBackplane(), new RelayCoreOptions(), TimeProvider.System);
        await core.StartAsync(CancellationToken.None);
        var clients = new List<(RecordingTransport Transport, string? Subprotocol)>();
        foreach (var subprotocol in new[] { WebPubSubSubprotocols.Json, WebPubSubSubprotocols.Json, WebPubSubSubprotocols.Json, null, null,
                     WebPubSubSubprotocols.JsonReliable, WebPubSubSubprotocols.JsonReliable })
        {
            var t = new RecordingTransport();
            var context = new WebPubSubConnectionContext(subprotocol, "token", [], null);
            var c = await core.OpenAsync(new ConnectionRegistration { Hub = "chat", Dialect = dialect, Reliable = context.IsReliable }, t);
            c.DialectState = context;
            await core.AddToGroupAsync("chat", c.Id, "g");
            clients.Add((t, subprotocol));
        }

        await core.SendToGroupAsync("chat", "g", WebPubSubDialect.ToMessage(WebPubSubPayload.FromText("hi"), WebPubSubDialect.FromServer, "g"));
        foreach (var (t, _) in clients) await Eventually.TrueAsync(() => t.Frames.Count == 1, TimeSpan.FromSeconds(5), "delivered");

        ReadOnlyMemory<byte> Frame(int i) => clients[i].Transport.Frames.Single().Payload;
        Assert.Equal("""{"type":"message","from":"group","group":"g","dataType":"text","data":"hi"}""", Encoding.UTF8.GetString(Frame(0).Span));
        Assert.True(Frame(1).Equals(Frame(0)) && Frame(2).Equals(Frame(0)), "plain subprotocol clients share one buffer");
        Assert.True(Frame(4).Equals(Frame(3)), "simple clients share one buffer");
        Assert.Equal("hi", Encoding.UTF8.GetString(Frame(3).Span));
        Assert.False(Frame(5).Equals(Frame(6)), "reliable clients get their own sequence ids");
        Assert.Contains("\"sequenceId\":1", Encoding.UTF8.GetString(Frame(5).Span), StringComparison.Ordinal);
    }
}
