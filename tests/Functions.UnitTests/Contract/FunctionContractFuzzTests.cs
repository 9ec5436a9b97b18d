using System.Buffers;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.Functions;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Functions.UnitTests.Contract;

/// <summary>Random and mutated input: the contract's parsers only ever answer with a record or a protocol error.</summary>
public sealed class FunctionContractFuzzTests
{
    private static readonly byte[][] Seeds =
    [
        FunctionRecordWriter.ToBytes(new ChunkRecord(MsgPackValue.Map(("a", MsgPackValue.Array(1, "x", MsgPackValue.FromBinary(new byte[] { 1, 2 })))))),
        FunctionRecordWriter.ToBytes(new RequestRecord("r1", "question", "why?")),
        FunctionRecordWriter.ToBytes(new ErrorRecord("BAD_INPUT", "no", false)),
        FunctionRecordWriter.ToBytes(new ResultRecord(MsgPackValue.From(long.MinValue), 3.25)),
        FunctionRecordWriter.ToBytes(new ToolDefRecord([ToolsAgentSchema()])),
    ];

    [Fact]
    public void Mutated_records_yield_a_record_or_a_protocol_error()
    {
        var random = new Random(5);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = (byte[])Seeds[random.Next(Seeds.Length)].Clone();
            var flips = 1 + random.Next(4);
            for (var f = 0; f < flips; f++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var take = random.Next(3) == 0 ? random.Next(bytes.Length + 1) : bytes.Length;
            ParseOnlyProtocolErrors(bytes.AsSpan(0, take).ToArray());
        }
    }

    [Fact]
    public void Random_bytes_yield_a_record_or_a_protocol_error()
    {
        var random = new Random(11);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(1, 64)];
            random.NextBytes(bytes);
            // A plausible length prefix makes the body parser do the work instead of waiting for more bytes.
            if (bytes.Length > 4 && random.Next(2) == 0)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)(bytes.Length - 4));
            }
            ParseOnlyProtocolErrors(bytes);
        }
    }

    [Fact]
    public void Mutated_invoke_and_reply_bodies_yield_a_body_or_a_protocol_error()
    {
        var random = new Random(17);
        var invoke = new InvokeRequestBody("c", "s", "i", MsgPackValue.Map(("k", MsgPackValue.Array(1, 2))), "u", 5).ToBytes();
        var reply = new ReplyBody("c", "s", "yes").ToBytes();
        for (var i = 0; i < 20_000; i++)
        {
            var source = i % 2 == 0 ? invoke : reply;
            var bytes = (byte[])source.Clone();
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var sequence = new ReadOnlySequence<byte>(bytes, 0, random.Next(3) == 0 ? random.Next(bytes.Length + 1) : bytes.Length);
            try
            {
                if (i % 2 == 0) InvokeRequestBody.Parse(sequence);
                else ReplyBody.Parse(sequence);
            }
            catch (FunctionProtocolException)
            {
            }
        }
    }

    private static void ParseOnlyProtocolErrors(byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        try
        {
            while (FunctionRecordReader.TryParse(ref buffer, out var record))
            {
                Assert.NotNull(record);
                // A parsed record always writes again.
                Assert.NotEmpty(FunctionRecordWriter.ToBytes(record));
            }
        }
        catch (FunctionProtocolException)
        {
        }
    }

    private static ToolDefinition ToolsAgentSchema() => AgentPlatform.Functions.Agents.ToolsAgent.GreetTool;
}
