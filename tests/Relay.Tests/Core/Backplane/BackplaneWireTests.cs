using System.Buffers;
using System.Text;
using AgentPlatform.Relay.Core.Backplane;

namespace AgentPlatform.Relay.Tests.Core.Backplane;

/// <summary>
/// Exact bytes and channel names of docs/protocol/relay-backplane.md for acknowledgements and provider presence, and
/// a fuzz proof that bad input is refused, never thrown. (The send/join examples are in BackplaneMessageCodecTests.)
/// </summary>
public sealed class BackplaneWireTests
{
    public static TheoryData<string, BackplaneMessage> Examples => new()
    {
        { """{"v":1,"op":5,"hub":"chat","id":7,"replica":"r1","target":"c1","group":"g1"}""",
            new BackplaneMessage(BackplaneOperation.AddToGroup, "chat", "c1", "g1") { AckId = 7, Replica = "r1" } },
        { """{"v":1,"op":11,"hub":"chat","id":7}""",
            new BackplaneMessage(BackplaneOperation.Ack, "chat") { AckId = 7 } },
        { """{"v":1,"op":12,"hub":"","replica":"r1","target":"p1","agents":["echo","calc"]}""",
            new BackplaneMessage(BackplaneOperation.ProviderAnnounce, "", "p1") { Replica = "r1", Agents = ["echo", "calc"] } },
        { """{"v":1,"op":13,"hub":"","replica":"r1","target":"p1"}""",
            new BackplaneMessage(BackplaneOperation.ProviderWithdraw, "", "p1") { Replica = "r1" } },
        { """{"v":1,"op":14,"hub":"","replica":"r2"}""",
            new BackplaneMessage(BackplaneOperation.ProviderSnapshotRequest, "") { Replica = "r2" } },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Writes_and_reads_the_exact_bytes_of_the_spec(string json, BackplaneMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        BackplaneMessageCodec.Write(message, buffer);
        Assert.Equal(json, Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.True(BackplaneMessageCodec.TryParse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), out var parsed));
        Assert.Equal((message.Operation, message.Hub, message.Target, message.Group, message.AckId, message.Replica),
            (parsed!.Operation, parsed.Hub, parsed.Target, parsed.Group, parsed.AckId, parsed.Replica));
        Assert.Equal(message.Agents ?? [], parsed.Agents ?? []);
    }

    public static TheoryData<BackplaneTopic, string> Channels => new()
    {
        { BackplaneTopic.Connection("chat", "c1"), "agentplatform:relay:chat:connection:c1" },
        { BackplaneTopic.Group("chat", "g:1"), "agentplatform:relay:chat:group:g:1" },
        { BackplaneTopic.User("chat", "u1"), "agentplatform:relay:chat:user:u1" },
        { BackplaneTopic.All("chat"), "agentplatform:relay:chat:all" },
        // A ':' in the hub is escaped: hub "a:group" and group "x" of hub "a" are different channels.
        { BackplaneTopic.All("a:group"), "agentplatform:relay:a%3Agroup:all" },
        { BackplaneTopic.Group("50%", "g"), "agentplatform:relay:50%25:group:g" },
        { BackplaneTopic.Ack("r1"), "agentplatform:relay-internal:ack:r1" },
        { BackplaneTopic.Providers, "agentplatform:relay-internal:providers" },
    };

    [Theory]
    [MemberData(nameof(Channels))]
    public void Channel_names_follow_the_spec(BackplaneTopic topic, string name) => Assert.Equal(name, BackplaneChannels.Name(topic));

    [Theory]
    [InlineData("""{"v":1,"op":11,"hub":"h","id":"7"}""")]
    [InlineData("""{"v":1,"op":11,"hub":"h","id":7.5}""")]
    [InlineData("""{"v":1,"op":11,"hub":"h","id":99999999999999999999}""")]
    [InlineData("""{"v":1,"op":12,"hub":"","replica":5}""")]
    [InlineData("""{"v":1,"op":12,"hub":"","agents":"echo"}""")]
    [InlineData("""{"v":1,"op":12,"hub":"","agents":["echo",null]}""")]
    [InlineData("""{"v":1,"op":16,"hub":""}""")]
    public void Malformed_input_is_refused(string json) =>
        Assert.False(BackplaneMessageCodec.TryParse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), out _));

    [Fact]
    public void Fuzzed_acknowledgements_and_announcements_never_throw()
    {
        var random = new Random(20261203);
        byte[][] seeds =
        [
            Encoding.UTF8.GetBytes("""{"v":1,"op":5,"hub":"chat","id":7,"replica":"r1","target":"c1","group":"g1"}"""),
            Encoding.UTF8.GetBytes("""{"v":1,"op":12,"hub":"","replica":"r1","target":"p1","agents":["echo","calc"]}"""),
        ];
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = (byte[])seeds[i % seeds.Length].Clone();
            var mutations = random.Next(1, 6);
            for (var m = 0; m < mutations; m++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var cut = random.Next(bytes.Length + 1);
            if (BackplaneMessageCodec.TryParse(new ReadOnlySequence<byte>(bytes, 0, cut), out var parsed))
            {
                Assert.NotNull(parsed!.Hub);
                Assert.True(Enum.IsDefined(parsed.Operation));
            }
        }
    }
}
