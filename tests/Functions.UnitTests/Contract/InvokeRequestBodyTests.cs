using System.Buffers;
using AgentPlatform.Protocol.Functions;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Functions.UnitTests.Contract;

public sealed class InvokeRequestBodyTests
{
    [Fact]
    public void Writes_the_exact_bytes_of_the_contract()
    {
        var body = new InvokeRequestBody("c", "s", "i", 1);
        // 84 'cid' 'c' 'session' 's' 'id' 'i' 'input' 01
        Assert.Equal(FunctionRecordBytesTests.Hex("84 a3636964 a163 a773657373696f6e a173 a26964 a169 a5696e707574 01"), body.ToBytes());
    }

    [Fact]
    public void Optional_keys_round_trip_and_input_bytes_stay_identical()
    {
        // int 5 in a non-preferred 9-byte encoding: a relay must hand the agent the client's exact bytes.
        var input = MsgPackValue.FromRaw(FunctionRecordBytesTests.Hex("d30000000000000005"));
        var body = new InvokeRequestBody("c", "s", "i", input, "alice", 1500);
        var parsed = InvokeRequestBody.Parse(new ReadOnlySequence<byte>(body.ToBytes()));
        Assert.Equal("alice", parsed.User);
        Assert.Equal(1500UL, parsed.TimeoutMs);
        Assert.Equal(FunctionRecordBytesTests.Hex("d30000000000000005"), parsed.Input.ToBytes());
    }

    [Theory]
    [InlineData("83 a3636964 a163 a773657373696f6e a173 a26964 a169", "no input")]
    [InlineData("83 a3636964 a163 a26964 a169 a5696e707574 01", "no session")]
    [InlineData("91 01", "not a map")]
    [InlineData("84 a3636964 a163 a773657373696f6e a173 a26964 01 a5696e707574 01", "id not a string")]
    public void Missing_or_mistyped_keys_are_protocol_errors(string hex, string why)
    {
        var ex = Assert.Throws<FunctionProtocolException>(() => InvokeRequestBody.Parse(new ReadOnlySequence<byte>(FunctionRecordBytesTests.Hex(hex))));
        Assert.False(string.IsNullOrEmpty(ex.Message), why);
    }
}
