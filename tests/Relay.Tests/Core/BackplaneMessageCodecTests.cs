using System.Buffers;
using System.Text;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Core.Backplane;

namespace AgentPlatform.Relay.Tests.Core;

/// <summary>Exact bytes of docs/protocol/relay-backplane.md and a fuzz proof that bad input is refused, never thrown.</summary>
public sealed class BackplaneMessageCodecTests
{
    public static TheoryData<string, BackplaneMessage> Examples => new()
    {
        { """{"v":1,"op":2,"hub":"chat","target":"g1","excluded":["c1"],"msg":{"type":"text","from":"c1","group":"g1","data":"aGk="}}""",
            new BackplaneMessage(BackplaneOperation.SendToGroup, "chat", "g1", Message: new RelayMessage("hi"u8.ToArray(), "text", "c1", "g1"), Excluded: ["c1"]) },
        { """{"v":1,"op":5,"hub":"chat","target":"c1","group":"g1"}""",
            new BackplaneMessage(BackplaneOperation.AddToGroup, "chat", "c1", "g1") },
        { """{"v":1,"op":9,"hub":"chat","target":"c1","reason":"kicked"}""",
            new BackplaneMessage(BackplaneOperation.CloseConnection, "chat", "c1", Reason: "kicked") },
        { """{"v":1,"op":4,"hub":"h","msg":{"type":"binary","data":"AAH/"}}""",
            new BackplaneMessage(BackplaneOperation.SendToAll, "h", Message: new RelayMessage(new byte[] { 0, 1, 255 }, "binary")) },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Writes_and_reads_the_exact_bytes_of_the_spec(string json, BackplaneMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        BackplaneMessageCodec.Write(message, buffer);
        Assert.Equal(json, Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.True(BackplaneMessageCodec.TryParse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), out var parsed));
        Assert.Equal(message.Operation, parsed!.Operation);
        Assert.Equal(message.Hub, parsed.Hub);
        Assert.Equal(message.Target, parsed.Target);
        Assert.Equal(message.Group, parsed.Group);
        Assert.Equal(message.Reason, parsed.Reason);
        Assert.Equal(message.Excluded ?? [], parsed.Excluded ?? []);
        Assert.Equal(message.Message?.Data.ToArray(), parsed.Message?.Data.ToArray());
        Assert.Equal(message.Message?.DataType, parsed.Message?.DataType);
        Assert.Equal(message.Message?.From, parsed.Message?.From);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"v":2,"op":2,"hub":"h"}""")]
    [InlineData("""{"v":1,"op":99,"hub":"h"}""")]
    [InlineData("""{"v":1,"op":2}""")]
    [InlineData("""{"v":1,"op":2,"hub":5}""")]
    [InlineData("""{"v":1,"op":4,"hub":"h","msg":{"type":"text","data":"not base64!"}}""")]
    [InlineData("""{"v":1,"op":4,"hub":"h","excluded":"c1"}""")]
    [InlineData("""{"v":1,"op":4,"hub":"h","excluded":[1]}""")]
    [InlineData("""{"v":1,"op":4,"hub":"h",""")]
    public void Malformed_input_is_refused(string json) =>
        Assert.False(BackplaneMessageCodec.TryParse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), out _));

    [Fact]
    public void Fuzzed_input_never_throws()
    {
        var random = new Random(20261122);
        var seed = Encoding.UTF8.GetBytes("""{"v":1,"op":2,"hub":"chat","target":"g1","excluded":["c1"],"msg":{"type":"text","from":"c1","data":"aGk="}}""");
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = (byte[])seed.Clone();
            var mutations = random.Next(1, 6);
            for (var m = 0; m < mutations; m++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var cut = random.Next(bytes.Length + 1);
            if (BackplaneMessageCodec.TryParse(new ReadOnlySequence<byte>(bytes, 0, cut), out var parsed)) Assert.NotNull(parsed!.Hub);
        }
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = new byte[random.Next(64)];
            random.NextBytes(bytes);
            if (BackplaneMessageCodec.TryParse(new ReadOnlySequence<byte>(bytes), out var parsed)) Assert.NotNull(parsed!.Hub);
        }
    }
}
