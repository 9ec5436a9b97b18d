using System.Text;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// The probe each WebSocket dialect sends after a fuzzed message, and how its answer is recognised: an INVOKE of an
/// agent that does not exist (asp-v1 ERROR UNKNOWN_AGENT with the probe's id), a joinGroup with an ackId of its own
/// range (Web PubSub ack), a JSON-RPC request for an unknown method (its response), a PING (AgentChat PONG).
/// </summary>
public static class LiveProbes
{
    private const string Prefix = "probe-";
    private const long AckBase = 9_000_000_000_000;

    public static byte[] AspV1(long n) => AspV1Protocol.ToArray(new InvokeFrame(Prefix + n, "fuzz-probe-no-such-agent", MsgPackValue.Nil));

    public static bool IsAspV1Answer(byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            return AspV1Protocol.Parse((ReadOnlyMemory<byte>)message) is ErrorFrame { Id: { } id } && id.StartsWith(Prefix, StringComparison.Ordinal);
        }
        catch (AspProtocolException)
        {
            return false;
        }
    }

    public static byte[] WebPubSub(long n) => Encoding.UTF8.GetBytes($$"""{"type":"joinGroup","group":"fuzz-probe","ackId":{{AckBase + n}}}""");

    public static bool IsWebPubSubAnswer(byte[] message) => Contains(message, "\"ackId\":" + AckBase.ToString(System.Globalization.CultureInfo.InvariantCulture)[..6]);

    public static byte[] Acp(long n) => Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","id":"{{Prefix}}{{n}}","method":"fuzz/probe"}""");

    public static bool IsAcpAnswer(byte[] message) => Contains(message, "\"id\":\"" + Prefix);

    public static byte[] AgentChat(long n) => """{"type":"PING"}"""u8.ToArray();

    public static bool IsAgentChatAnswer(byte[] message) => Contains(message, "\"type\":\"PONG\"");

    private static bool Contains(byte[] message, string text) => message.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
