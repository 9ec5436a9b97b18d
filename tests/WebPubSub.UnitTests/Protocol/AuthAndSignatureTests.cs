using AgentPlatform.Protocol.WebPubSub.Auth;
using AgentPlatform.Protocol.WebPubSub.CloudEvents;

namespace AgentPlatform.WebPubSub.UnitTests.Protocol;

public class AuthAndSignatureTests
{
    private const string Key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

    [Fact]
    public void Signature_is_lowercase_hex_hmac_of_the_connection_id_per_key()
    {
        // Reference values from Python's hmac module.
        Assert.Equal("sha256=8de7281e588e23b0a30a7180ffa240257b8176e983004c240c9f3f7a7233c993", WebPubSubSignature.Create("conn1", [Key]));
        Assert.Equal("sha256=8de7281e588e23b0a30a7180ffa240257b8176e983004c240c9f3f7a7233c993,sha256=c0e0411d499c14265bfd84ab7a7fe131f55f7365e17c3ac3f600fbf26af38d6f",
            WebPubSubSignature.Create("conn1", [Key, "secondary"]));
    }

    [Theory]
    [InlineData("sha256=8de7281e588e23b0a30a7180ffa240257b8176e983004c240c9f3f7a7233c993", true)]
    [InlineData("SHA256=8DE7281E588E23B0A30A7180FFA240257B8176E983004C240C9F3F7A7233C993", true)]
    [InlineData("sha256=00, sha256=8de7281e588e23b0a30a7180ffa240257b8176e983004c240c9f3f7a7233c993", true)]
    [InlineData("sha256=c0e0411d499c14265bfd84ab7a7fe131f55f7365e17c3ac3f600fbf26af38d6f", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Verifies_signatures_as_the_dotnet_handler_does(string? header, bool valid) =>
        Assert.Equal(valid, WebPubSubSignature.Verify(header, "conn1", [Key]));

    public static TheoryData<string, string?, string?, string?> ConnectionStrings => new()
    {
        { "Endpoint=http://127.0.0.1:8080;AccessKey=abc==;Version=1.0;", "http://127.0.0.1:8080", "abc==", null },
        { "endpoint=https://x.webpubsub.azure.com;accesskey=k;", "https://x.webpubsub.azure.com", "k", null },
        { "Endpoint=http://localhost;Port=9000;AccessKey=k;Version=1.0", "http://localhost:9000", "k", null },
        { "AccessKey=k;", null, null, "Endpoint" },
        { "Endpoint=ftp://x;AccessKey=k", null, null, "Endpoint" },
        { "Endpoint=http://x", null, null, "AccessKey" },
        { "Endpoint=http://x;AccessKey=k;Port=99999", null, null, "Port" },
        { "", null, null, "empty" },
    };

    [Theory]
    [MemberData(nameof(ConnectionStrings))]
    public void Parses_connection_strings(string text, string? endpoint, string? key, string? error)
    {
        var ok = WebPubSubConnectionString.TryParse(text, out var parsed, out var why);
        Assert.Equal(error is null, ok);
        if (ok)
        {
            Assert.Equal(endpoint, parsed!.EndpointText);
            Assert.Equal(key, parsed.AccessKey);
        }
        else
        {
            Assert.Contains(error!, why, StringComparison.OrdinalIgnoreCase);
        }
    }

    public static TheoryData<string, WebPubSubPermissionKind, string, bool> Roles => new()
    {
        { "webpubsub.joinLeaveGroup", WebPubSubPermissionKind.JoinLeaveGroup, "any", true },
        { "webpubsub.joinLeaveGroup", WebPubSubPermissionKind.SendToGroup, "any", false },
        { "webpubsub.sendToGroup.chat", WebPubSubPermissionKind.SendToGroup, "chat", true },
        { "webpubsub.sendToGroup.chat", WebPubSubPermissionKind.SendToGroup, "chat2", false },
        { "webpubsub.sendToGroup.chat", WebPubSubPermissionKind.SendToGroup, "Chat", false },
        { "webpubsub.joinLeaveGroup.a.b", WebPubSubPermissionKind.JoinLeaveGroup, "a.b", true },
        { "webpubsub.joinLeaveGroups.room.*", WebPubSubPermissionKind.JoinLeaveGroup, "room.1", true },
        { "webpubsub.joinLeaveGroups.room.*", WebPubSubPermissionKind.JoinLeaveGroup, "room.1.x", false },
        { "webpubsub.joinLeaveGroups.room.**", WebPubSubPermissionKind.JoinLeaveGroup, "room.1.x", true },
        { "webpubsub.sendToGroups.g?", WebPubSubPermissionKind.SendToGroup, "g7", true },
        { "webpubsub.sendToGroups.g?", WebPubSubPermissionKind.SendToGroup, "g77", false },
        { "webpubsub.sendToGroups.*", WebPubSubPermissionKind.SendToGroup, "x", true },
        { "webpubsub.sendToGroups.*", WebPubSubPermissionKind.JoinLeaveGroup, "x", false },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public void Roles_allow_what_the_permission_table_says(string role, WebPubSubPermissionKind permission, string group, bool allowed) =>
        Assert.Equal(allowed, WebPubSubRoles.Allows([role], permission, group));

    [Fact]
    public void Hostile_patterns_finish_quickly()
    {
        var pattern = "webpubsub.sendToGroups." + string.Concat(Enumerable.Repeat("*a", 40)) + "b";
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(WebPubSubRoles.Allows([pattern], WebPubSubPermissionKind.SendToGroup, new string('a', 1000)));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Event_headers_round_trip_through_the_handler_reader()
    {
        var context = new WebPubSubEventContext
        {
            Kind = WebPubSubEventKind.User, EventName = "invoke", Hub = "agents", ConnectionId = "c1", UserId = "u1",
            Subprotocol = "json.webpubsub.azure.v1", ConnectionState = "e30=", Signature = "sha256=ab", Origin = "127.0.0.1",
            Id = "id1", Time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        };
        var headers = context.ToHeaders().ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("azure.webpubsub.user.invoke", headers["ce-type"]);
        Assert.Equal("/hubs/agents/client/c1", headers["ce-source"]);
        Assert.Equal("1.0", headers["ce-awpsversion"]);
        Assert.Equal("2026-01-01T00:00:00.0000000Z", headers["ce-time"]);
        Assert.True(WebPubSubEventContext.TryRead(n => headers.TryGetValue(n, out var v) ? v : null, out var read, out var error), error);
        Assert.Equal(context, read);
    }

    [Theory]
    [InlineData("azure.webpubsub.sys.connect", WebPubSubEventKind.Connect, "connect")]
    [InlineData("azure.webpubsub.sys.disconnected", WebPubSubEventKind.Disconnected, "disconnected")]
    [InlineData("azure.webpubsub.user.message", WebPubSubEventKind.User, "message")]
    public void Reads_event_kinds_from_ce_type(string type, WebPubSubEventKind kind, string name)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["ce-awpsversion"] = "1.0", ["ce-type"] = type, ["ce-hub"] = "h", ["ce-connectionId"] = "c",
        };
        Assert.True(WebPubSubEventContext.TryRead(n => headers.TryGetValue(n, out var v) ? v : null, out var read, out _));
        Assert.Equal(kind, read.Kind);
        Assert.Equal(name, read.EventName);
    }

    [Fact]
    public void Refuses_requests_that_are_not_web_pubsub_events()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["ce-type"] = "azure.webpubsub.sys.connect", ["ce-hub"] = "h", ["ce-connectionId"] = "c" };
        Assert.False(WebPubSubEventContext.TryRead(n => headers.TryGetValue(n, out var v) ? v : null, out _, out var error));
        Assert.Contains("awpsversion", error);
        headers["ce-awpsversion"] = "1.0";
        headers["ce-type"] = "com.example.other";
        Assert.False(WebPubSubEventContext.TryRead(n => headers.TryGetValue(n, out var v) ? v : null, out _, out _));
    }

    [Fact]
    public void Connection_state_decodes_leniently()
    {
        var state = new System.Text.Json.Nodes.JsonObject { ["a"] = 1 };
        Assert.Equal(1, (int)WebPubSubConnectionState.Decode(WebPubSubConnectionState.Encode(state))["a"]!);
        Assert.Empty(WebPubSubConnectionState.Decode("not base64!"));
        Assert.Empty(WebPubSubConnectionState.Decode(Convert.ToBase64String("[1]"u8)));
    }
}
