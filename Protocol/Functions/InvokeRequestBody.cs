using System.Buffers;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.Functions;

/// <summary>The body of <c>POST /invoke/{agent}</c> (relay-functions.md, "Request").</summary>
public sealed record InvokeRequestBody(string Cid, string Session, string Id, MsgPackValue Input, string? User = null, ulong? TimeoutMs = null)
{
    public const string ContentType = "application/vnd.agentplatform.invoke+msgpack";

    public void Write(IBufferWriter<byte> output)
    {
        var writer = new MessagePackWriter(output);
        writer.WriteMapHeader(4 + (User is null ? 0 : 1) + (TimeoutMs is null ? 0 : 1));
        writer.Write("cid");
        writer.Write(Cid);
        writer.Write("session");
        writer.Write(Session);
        writer.Write("id");
        writer.Write(Id);
        writer.Write("input");
        Input.WriteTo(ref writer);
        if (User is not null)
        {
            writer.Write("user");
            writer.Write(User);
        }
        if (TimeoutMs is { } timeout)
        {
            writer.Write("timeoutMs");
            writer.Write(timeout);
        }
    }

    public byte[] ToBytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses a whole body; a missing required key, a wrong type or trailing bytes is a <see cref="FunctionProtocolException"/>.</summary>
    public static InvokeRequestBody Parse(ReadOnlySequence<byte> body)
    {
        try
        {
            var reader = new MessagePackReader(body);
            if (reader.NextType != MessagePackType.Map) throw new FunctionProtocolException("the invoke body must be a MessagePack map");
            var fields = reader.ReadMapHeader();
            string? cid = null, session = null, id = null, user = null;
            MsgPackValue? input = null;
            ulong? timeout = null;
            for (var i = 0; i < fields; i++)
            {
                if (reader.NextType != MessagePackType.String) throw new FunctionProtocolException("keys must be strings");
                switch (reader.ReadString())
                {
                    case "cid": cid = reader.ReadString(); break;
                    case "session": session = reader.ReadString(); break;
                    case "id": id = reader.ReadString(); break;
                    case "input": input = MsgPackValue.Read(ref reader); break;
                    case "user": user = reader.TryReadNil() ? null : reader.ReadString(); break;
                    case "timeoutMs": timeout = reader.TryReadNil() ? null : reader.ReadUInt64(); break;
                    default: reader.Skip(); break;
                }
            }
            if (!reader.End) throw new FunctionProtocolException("bytes after the invoke body");
            if (string.IsNullOrEmpty(cid)) throw new FunctionProtocolException("cid is required");
            if (string.IsNullOrEmpty(session)) throw new FunctionProtocolException("session is required");
            if (string.IsNullOrEmpty(id)) throw new FunctionProtocolException("id is required");
            return new InvokeRequestBody(cid, session, id, input ?? throw new FunctionProtocolException("input is required"), user, timeout);
        }
        catch (MessagePackException ex)
        {
            throw new FunctionProtocolException("malformed invoke body: " + ex.Message, ex);
        }
    }
}
