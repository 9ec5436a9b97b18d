using System.Buffers;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.Functions;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Functions.UnitTests.Contract;

/// <summary>Exact bytes of every response record kind of relay-functions.md, both ways.</summary>
public sealed class FunctionRecordBytesTests
{
    public static TheoryData<string, FunctionRecord, string> Cases => new()
    {
        // [len u32 BE] 82 a1 't' a5 'chunk' a4 'data' 01
        { "chunk int", new ChunkRecord(1), "0000000f 82 a174 a5636875 6e6b a4646174 61 01" },
        // binary stays binary: c4 02 00 ff
        { "chunk bin", new ChunkRecord(MsgPackValue.FromBinary(new byte[] { 0x00, 0xff })), "00000012 82 a174 a5636875 6e6b a4646174 61 c40200ff" },
        // uint64 max stays exact: cf ff*8
        { "chunk u64", new ChunkRecord(MsgPackValue.From(ulong.MaxValue)), "00000017 82 a174 a5636875 6e6b a4646174 61 cfffffffffffffffff" },
        // 84 't' 'request' 'rid' 'r1' 'kind' 'q' 'data' c0
        { "request", new RequestRecord("r1", "q", MsgPackValue.Nil),
            "0000001f 84 a174 a7726571756573 74 a3726964 a27231 a46b696e64 a171 a4646174 61 c0" },
        // 84 't' 'error' 'code' 'X' 'message' 'm' 'retryable' c3
        { "error", new ErrorRecord("X", "m", true),
            "00000025 84 a174 a56572726f72 a4636f6465 a158 a76d657373616765 a16d a9726574727961626c65 c3" },
        // 81 't' 'result'
        { "result empty", new ResultRecord(null, null), "0000000a 81 a174 a6726573756c74" },
        // 83 't' 'result' 'result' 'ok' 'cpuMs' cb 3ff8000000000000 (1.5)
        { "result full", new ResultRecord("ok", 1.5), "00000023 83 a174 a6726573756c74 a6726573756c74 a26f6b a563707 54d73 cb3ff8000000000000" },
        // 82 't' 'tool_def' 'tools' 91 83 'name' 'a' 'description' '' 'schema' 80
        { "tool_def", new ToolDefRecord([new ToolDefinition("a", "", MsgPackValue.Map())]),
            "00000030 82 a174 a8746f6f6c5f646566 a5746f6f6c73 91 83 a46e616d65 a161 ab6465736372697074696f6e a0 a6736368656d61 80" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writes_the_exact_bytes(string name, FunctionRecord record, string hex)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(Hex(hex), FunctionRecordWriter.ToBytes(record));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reads_the_exact_bytes_back(string name, FunctionRecord record, string hex)
    {
        var buffer = new ReadOnlySequence<byte>(Hex(hex));
        Assert.True(FunctionRecordReader.TryParse(ref buffer, out var parsed), name);
        Assert.True(buffer.IsEmpty);
        Assert.Equal(FunctionRecordWriter.ToBytes(record), FunctionRecordWriter.ToBytes(parsed!));
        Assert.Equal(record.Kind, parsed!.Kind);
    }

    [Fact]
    public void An_incomplete_record_is_not_an_error_and_consumes_nothing()
    {
        var bytes = FunctionRecordWriter.ToBytes(new ChunkRecord("hello"));
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, cut);
            Assert.False(FunctionRecordReader.TryParse(ref buffer, out _));
            Assert.Equal(cut, buffer.Length);
        }
    }

    [Fact]
    public void Several_records_in_one_buffer_parse_in_order()
    {
        var bytes = FunctionRecordWriter.ToBytes(new ChunkRecord(1)).Concat(FunctionRecordWriter.ToBytes(new ChunkRecord(2)))
            .Concat(FunctionRecordWriter.ToBytes(new ResultRecord(null, 0.25))).ToArray();
        var buffer = new ReadOnlySequence<byte>(bytes);
        var kinds = new List<string>();
        while (FunctionRecordReader.TryParse(ref buffer, out var record)) kinds.Add(record!.Kind);
        Assert.Equal(["chunk", "chunk", "result"], kinds);
    }

    [Fact]
    public void A_record_over_the_limit_is_refused_from_its_length_alone()
    {
        var buffer = new ReadOnlySequence<byte>(Hex("00100001"));
        Assert.Throws<FunctionProtocolException>(() => FunctionRecordReader.TryParse(ref buffer, out _));
    }

    [Theory]
    [InlineData("00000001 c1", "never-used code")]
    [InlineData("00000001 01", "not a map")]
    [InlineData("00000003 81 01 01", "integer key")]
    [InlineData("00000004 81 a174 01", "t not a string")]
    [InlineData("00000006 81 a174 a3787878", "unknown kind")]
    [InlineData("00000008 81 a174 a5636875 6e6b", "chunk without data")]
    [InlineData("00000000", "empty record")]
    [InlineData("00000002 80 c0", "bytes after the map")]
    public void Malformed_records_are_protocol_errors(string hex, string why)
    {
        var buffer = new ReadOnlySequence<byte>(Hex(hex));
        var ex = Assert.Throws<FunctionProtocolException>(() => FunctionRecordReader.TryParse(ref buffer, out _));
        Assert.False(string.IsNullOrEmpty(ex.Message), why);
    }

    internal static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
}
