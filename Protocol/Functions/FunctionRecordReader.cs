using System.Buffers;
using System.Buffers.Binary;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.Functions;

/// <summary>
/// Parses response records from a buffer that fills as the body streams in. Incomplete input is not an error
/// (false, nothing consumed); anything malformed is a <see cref="FunctionProtocolException"/>.
/// </summary>
public static class FunctionRecordReader
{
    /// <summary>The default largest record (the Relay's 1 MiB frame limit).</summary>
    public const int DefaultMaxRecordSize = 1 << 20;

    /// <summary>
    /// Reads one record from the start of <paramref name="buffer"/> and slices it off; false (buffer untouched)
    /// when the record is not complete yet.
    /// </summary>
    public static bool TryParse(ref ReadOnlySequence<byte> buffer, out FunctionRecord? record, int maxRecordSize = DefaultMaxRecordSize)
    {
        record = null;
        if (buffer.Length < 4) return false;
        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (length > (uint)maxRecordSize)
        {
            throw new FunctionProtocolException($"record of {length} bytes exceeds the limit of {maxRecordSize}");
        }
        if (length == 0) throw new FunctionProtocolException("empty record");
        if (buffer.Length < 4 + length) return false;
        var body = buffer.Slice(4, length);
        record = ParseBody(body);
        buffer = buffer.Slice(body.End);
        return true;
    }

    /// <summary>Parses one record's MessagePack map (without its length prefix).</summary>
    public static FunctionRecord ParseBody(ReadOnlySequence<byte> body)
    {
        try
        {
            var reader = new MessagePackReader(body);
            if (reader.NextType != MessagePackType.Map) throw new FunctionProtocolException("a record must be a MessagePack map");
            var fields = reader.ReadMapHeader();
            string? kind = null, rid = null, requestKind = null, code = null, message = null;
            bool? retryable = null;
            double? cpuMs = null;
            MsgPackValue? data = null, result = null;
            IReadOnlyList<ToolDefinition>? tools = null;
            for (var i = 0; i < fields; i++)
            {
                if (reader.NextType != MessagePackType.String) throw new FunctionProtocolException("record keys must be strings");
                switch (reader.ReadString())
                {
                    case "t": kind = reader.ReadString(); break;
                    case "data": data = MsgPackValue.Read(ref reader); break;
                    case "tools": tools = ToolDefinitionCodec.ReadArray(ref reader); break;
                    case "rid": rid = reader.ReadString(); break;
                    case "kind": requestKind = reader.ReadString(); break;
                    case "code": code = reader.ReadString(); break;
                    case "message": message = reader.ReadString(); break;
                    case "retryable": retryable = reader.ReadBoolean(); break;
                    case "result": result = MsgPackValue.Read(ref reader); break;
                    case "cpuMs": cpuMs = reader.ReadDouble(); break;
                    default: reader.Skip(); break;
                }
            }
            if (!reader.End) throw new FunctionProtocolException("bytes after the record's map");
            return kind switch
            {
                "chunk" => new ChunkRecord(data ?? throw Missing(kind, "data")),
                "tool_def" => new ToolDefRecord(tools ?? throw Missing(kind, "tools")),
                "request" => new RequestRecord(rid ?? throw Missing(kind, "rid"), requestKind ?? throw Missing(kind, "kind"), data ?? MsgPackValue.Nil),
                "error" => new ErrorRecord(code ?? throw Missing(kind, "code"), message ?? "", retryable ?? false),
                "result" => new ResultRecord(result, cpuMs),
                null => throw new FunctionProtocolException("record without t"),
                _ => throw new FunctionProtocolException("unknown record kind '" + kind + "'"),
            };
        }
        catch (MessagePackException ex)
        {
            throw new FunctionProtocolException("malformed record: " + ex.Message, ex);
        }
    }

    private static FunctionProtocolException Missing(string kind, string key) => new($"{kind} record without {key}");
}
