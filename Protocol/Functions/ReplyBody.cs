using System.Buffers;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.Functions;

/// <summary>The body of <c>POST /invoke/{agent}/{id}/replies/{rid}</c> (relay-functions.md, "Replies to REQUEST").</summary>
public sealed record ReplyBody(string Cid, string Session, MsgPackValue Data)
{
    public const string ContentType = "application/vnd.agentplatform.reply+msgpack";

    public void Write(IBufferWriter<byte> output)
    {
        var writer = new MessagePackWriter(output);
        writer.WriteMapHeader(3);
        writer.Write("cid");
        writer.Write(Cid);
        writer.Write("session");
        writer.Write(Session);
        writer.Write("data");
        Data.WriteTo(ref writer);
    }

    public byte[] ToBytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public static ReplyBody Parse(ReadOnlySequence<byte> body)
    {
        try
        {
            var reader = new MessagePackReader(body);
            if (reader.NextType != MessagePackType.Map) throw new FunctionProtocolException("the reply body must be a MessagePack map");
            var fields = reader.ReadMapHeader();
            string? cid = null, session = null;
            MsgPackValue? data = null;
            for (var i = 0; i < fields; i++)
            {
                if (reader.NextType != MessagePackType.String) throw new FunctionProtocolException("keys must be strings");
                switch (reader.ReadString())
                {
                    case "cid": cid = reader.ReadString(); break;
                    case "session": session = reader.ReadString(); break;
                    case "data": data = MsgPackValue.Read(ref reader); break;
                    default: reader.Skip(); break;
                }
            }
            if (!reader.End) throw new FunctionProtocolException("bytes after the reply body");
            if (string.IsNullOrEmpty(cid) || string.IsNullOrEmpty(session)) throw new FunctionProtocolException("cid and session are required");
            return new ReplyBody(cid, session, data ?? MsgPackValue.Nil);
        }
        catch (MessagePackException ex)
        {
            throw new FunctionProtocolException("malformed reply body: " + ex.Message, ex);
        }
    }
}
