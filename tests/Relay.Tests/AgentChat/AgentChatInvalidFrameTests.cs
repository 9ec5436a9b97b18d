using System.Security.Cryptography;
using AgentPlatform.Relay.Tests.Acp.Transport;
using AgentPlatform.Relay.Tests.Limits;

namespace AgentPlatform.Relay.Tests.AgentChat;

/// <summary>
/// Invalid UTF-8 in an AgentChat text frame, as ACP (issue 17): the client reads a 1007 close frame — the Relay keeps
/// the TCP connection until the client has read it instead of resetting it with the client's next frame unread — and
/// an AgentChat client connected all along notices nothing. Frames are written by hand on a raw socket, so nothing
/// between the test and the wire checks or repairs them.
/// </summary>
public sealed class AgentChatInvalidFrameTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    /// <summary>Not UTF-8: a truncated sequence in JSON, a lone continuation byte, a 0xF8 lead, bytes the live fuzzer saved.</summary>
    private static readonly byte[][] Inputs =
    [
        Convert.FromHexString("7b2274797065223a224944454e54494659222c226e616d65223a22e2" + "28a1227d"),
        Convert.FromHexString("80"),
        Convert.FromHexString("f8a1a1a1a1"),
        Convert.FromHexString("e174ecb7"),
        Convert.FromHexString("17cb401272538f2d50"),
    ];

    [Fact]
    public async Task Invalid_utf8_in_a_text_frame_is_answered_with_a_1007_close_frame_never_a_reset_and_other_clients_keep_chatting()
    {
        await using var relay = await AcpRelay.StartAsync();
        await using var bystander = await ChatSocket.IdentifiedAsync(relay.Url, "bystander", anonymous: true);
        // A valid frame right behind the bad one: unread in the server's buffer when it gives the socket up, which is
        // what turned its close into a reset before the fix. The race is not won every time, hence many connections.
        var probe = """{"type":"IDENTIFY","name":"probe"}"""u8.ToArray();
        for (var i = 0; i < 25; i++)
        {
            var (socket, response) = await RawHttp.UpgradeAsync(relay.Url, "/agentchat");
            await using var owned = socket;
            Assert.Equal(101, response.Status);
            using var cts = new CancellationTokenSource(Bound);
            var input = Inputs[i % Inputs.Length];
            await socket.Stream.WriteAsync(Frame(0x1, input).Concat(Frame(0x1, probe)).ToArray(), cts.Token);
            var close = await ReadCloseAsync(socket, cts.Token);
            Assert.True(close == 1007, $"connection {i} (input {Convert.ToHexString(input)}): ended with {close?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "a reset or no close frame"}, not a 1007 close frame");
            // The client's half of the closing handshake reaches a connection still there (before the fix: a reset).
            try
            {
                await socket.Stream.WriteAsync(Frame(0x8, [0x03, 0xEF]), cts.Token);
            }
            catch (IOException ex)
            {
                Assert.Fail($"connection {i}: reset before the client could answer the close: {ex.Message}");
            }
        }
        // The connected client noticed nothing and still chats; a new client is served.
        await using var witness = await ChatSocket.IdentifiedAsync(relay.Url, "witness", anonymous: true);
        await witness.DmAsync(bystander.AgentId!, "still here?");
        Assert.Equal("still here?", (string?)(await bystander.DmFromAsync(witness.AgentId!))["content"]);
        await bystander.DmAsync(witness.AgentId!, "yes");
        Assert.Equal("yes", (string?)(await witness.DmFromAsync(bystander.AgentId!))["content"]);
    }

    /// <summary>A client frame: FIN, the opcode, masked as RFC 6455 requires of clients (payloads under 126 bytes).</summary>
    private static byte[] Frame(byte opcode, byte[] payload)
    {
        var mask = RandomNumberGenerator.GetBytes(4);
        var frame = new byte[2 + 4 + payload.Length];
        frame[0] = (byte)(0x80 | opcode);
        frame[1] = (byte)(0x80 | payload.Length);
        mask.CopyTo(frame, 2);
        for (var i = 0; i < payload.Length; i++) frame[6 + i] = (byte)(payload[i] ^ mask[i % 4]);
        return frame;
    }

    /// <summary>Reads server frames until a close frame and returns its status code; null when the connection ended (or reset) without one.</summary>
    private static async Task<int?> ReadCloseAsync(RawHttp socket, CancellationToken cancellationToken)
    {
        var header = new byte[2];
        try
        {
            for (var frames = 0; frames < 100; frames++)
            {
                await socket.Stream.ReadExactlyAsync(header, cancellationToken);
                var length = (long)(header[1] & 0x7F);
                if (length == 126)
                {
                    var extended = new byte[2];
                    await socket.Stream.ReadExactlyAsync(extended, cancellationToken);
                    length = (extended[0] << 8) | extended[1];
                }
                else if (length == 127)
                {
                    return null; // Nothing the server sends here is that large.
                }
                var payload = new byte[length];
                await socket.Stream.ReadExactlyAsync(payload, cancellationToken);
                if ((header[0] & 0x0F) == 0x8) return payload.Length >= 2 ? (payload[0] << 8) | payload[1] : 1005;
            }
            return null;
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or System.Net.Sockets.SocketException)
        {
            return null;
        }
    }
}
