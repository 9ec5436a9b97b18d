using System.Buffers;
using System.Text;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.Messages;

namespace AgentPlatform.WebPubSub.UnitTests.Protocol;

/// <summary>
/// Property: whatever bytes arrive, the reader returns a request or an error, never throws, and what it accepts
/// can be written and read again. Seeded mutations of valid frames plus pure noise.
/// </summary>
public class JsonReaderFuzzTests
{
    private static readonly string[] Seeds =
    [
        """{"type":"joinGroup","group":"g1","ackId":1}""",
        """{"type":"sendToGroup","group":"g1","ackId":3,"noEcho":false,"dataType":"json","data":{"hello":"world","a":[1,2,{"b":null}]}}""",
        """{"type":"sendToGroup","group":"g","dataType":"binary","data":"aGVsbG8="}""",
        """{"type":"event","event":"chat","ackId":4,"dataType":"text","data":"hi \u00e9"}""",
        """{"type":"sequenceAck","sequenceId":5}""",
        """{"type":"ping"}""",
    ];

    [Fact]
    public void Mutated_frames_only_ever_yield_a_request_or_a_protocol_error()
    {
        var random = new Random(20261122);
        var accepted = 0;
        var refused = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = Mutate(Encoding.UTF8.GetBytes(Seeds[random.Next(Seeds.Length)]), random);
            var ok = WebPubSubJsonReader.TryParse(new ReadOnlySequence<byte>(bytes), out var request, out var error);
            if (ok)
            {
                Assert.NotNull(request);
                accepted++;
                RoundTrip(request);
            }
            else
            {
                Assert.Null(request);
                Assert.False(string.IsNullOrEmpty(error.Message));
                refused++;
            }
        }
        Assert.True(accepted > 100 && refused > 100, $"accepted {accepted}, refused {refused}");
    }

    [Fact]
    public void Random_noise_yields_a_request_or_an_error_without_throwing()
    {
        var random = new Random(7);
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && random.Next(2) == 0) bytes[0] = (byte)'{';
            var ok = WebPubSubJsonReader.TryParse(new ReadOnlySequence<byte>(bytes), out var request, out var error);
            Assert.True(ok ? request is not null : !string.IsNullOrEmpty(error.Message));
        }
    }

    private static void RoundTrip(AgentPlatform.Protocol.WebPubSub.Requests.WebPubSubRequest request)
    {
        // Whatever payload was accepted must be writable as a service frame (the Relay forwards it as is).
        if (request is AgentPlatform.Protocol.WebPubSub.Requests.SendToGroupRequest send)
        {
            var frame = WebPubSubJsonWriter.ToArray(new GroupDataMessage(send.Group, "u", send.Payload, 1));
            using var doc = System.Text.Json.JsonDocument.Parse(frame);
            Assert.Equal("message", doc.RootElement.GetProperty("type").GetString());
        }
    }

    private static byte[] Mutate(byte[] input, Random random)
    {
        var list = new List<byte>(input);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && list.Count > 0; e++)
        {
            var at = random.Next(list.Count);
            switch (random.Next(6))
            {
                case 0: list[at] = (byte)random.Next(256); break;
                case 1: list.RemoveAt(at); break;
                case 2: list.Insert(at, (byte)"{}[]\",:0123456789ae-.\\ tfn"[random.Next(26)]); break;
                case 3: list.RemoveRange(at, list.Count - at); break;
                case 4: list[at] = (byte)"{}[]\",:"[random.Next(7)]; break;
                default: list.InsertRange(at, list.GetRange(0, Math.Min(at, 8))); break;
            }
        }
        return [.. list];
    }
}
