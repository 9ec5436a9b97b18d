using System.Buffers;
using System.Buffers.Binary;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.Functions;

/// <summary>Writes response records: <c>[length: u32 BE][MessagePack map]</c> (relay-functions.md, "Response").</summary>
public static class FunctionRecordWriter
{
    /// <summary>Writes <paramref name="record"/> with its length prefix to <paramref name="output"/>.</summary>
    public static void Write(FunctionRecord record, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(output);
        // The length comes first, so the map is encoded aside and copied once.
        var body = new ArrayBufferWriter<byte>(64);
        WriteMap(record, body);
        var span = output.GetSpan(4 + body.WrittenCount);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)body.WrittenCount);
        body.WrittenSpan.CopyTo(span[4..]);
        output.Advance(4 + body.WrittenCount);
    }

    /// <summary>The record's bytes (length prefix included).</summary>
    public static byte[] ToBytes(FunctionRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(record, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteMap(FunctionRecord record, IBufferWriter<byte> output)
    {
        var writer = new MessagePackWriter(output);
        switch (record)
        {
            case ChunkRecord chunk:
                writer.WriteMapHeader(2);
                writer.Write("t");
                writer.Write(chunk.Kind);
                writer.Write("data");
                chunk.Data.WriteTo(ref writer);
                break;
            case ToolDefRecord toolDef:
                writer.WriteMapHeader(2);
                writer.Write("t");
                writer.Write(toolDef.Kind);
                writer.Write("tools");
                ToolDefinitionCodec.WriteArray(ref writer, toolDef.Tools);
                break;
            case RequestRecord request:
                writer.WriteMapHeader(4);
                writer.Write("t");
                writer.Write(request.Kind);
                writer.Write("rid");
                writer.Write(request.Rid);
                writer.Write("kind");
                writer.Write(request.RequestKind);
                writer.Write("data");
                request.Data.WriteTo(ref writer);
                break;
            case ErrorRecord error:
                writer.WriteMapHeader(4);
                writer.Write("t");
                writer.Write(error.Kind);
                writer.Write("code");
                writer.Write(error.Code);
                writer.Write("message");
                writer.Write(error.Message);
                writer.Write("retryable");
                writer.Write(error.Retryable);
                break;
            case ResultRecord result:
                writer.WriteMapHeader(1 + (result.Result is null ? 0 : 1) + (result.CpuMs is null ? 0 : 1));
                writer.Write("t");
                writer.Write(result.Kind);
                if (result.Result is not null)
                {
                    writer.Write("result");
                    result.Result.WriteTo(ref writer);
                }
                if (result.CpuMs is { } cpu)
                {
                    writer.Write("cpuMs");
                    writer.Write(cpu);
                }
                break;
            default:
                throw new ArgumentException("unknown record type " + record.GetType().Name, nameof(record));
        }
    }
}
