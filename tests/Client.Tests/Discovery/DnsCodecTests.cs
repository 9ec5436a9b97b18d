using System.Buffers;
using AgentPlatform.Protocol.Dns;

namespace AgentPlatform.Client.Tests.Discovery;

/// <summary>Exact bytes of the DNS codec (RFC 1035) and a fuzz proving malformed input only yields an error.</summary>
public sealed class DnsCodecTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Theory]
    [InlineData(0x1234, "_agent.example.com", "1234 0100 0001 0000 0000 0000 065F6167656E74 076578616D706C65 03636F6D 00 0010 0001")]
    [InlineData(0xFFFF, "a.b.", "FFFF 0100 0001 0000 0000 0000 0161 0162 00 0010 0001")]
    public void Query_bytes(int id, string name, string expected)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Assert.True(DnsQueryWriter.TryWrite(buffer, (ushort)id, name, DnsRecordType.Txt));
        Assert.Equal(Hex(expected), buffer.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("has space.com")]
    [InlineData("ünïcode.com")]
    public void Invalid_names_are_refused_and_nothing_is_written(string name)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Assert.False(DnsQueryWriter.TryWrite(buffer, 1, name, DnsRecordType.Txt));
        Assert.Equal(0, buffer.WrittenCount);
        Assert.False(DnsQueryWriter.TryWrite(buffer, 1, new string('a', 64) + ".com", DnsRecordType.Txt));
    }

    // Response to "_agent.x" TXT: the answer's owner name is a compression pointer to offset 12 (0xC00C),
    // RDATA holds two character-strings "ab" and "c".
    private const string Answer =
        "BEEF 8580 0001 0001 0000 0000 065F6167656E74 0178 00 0010 0001" +
        " C00C 0010 0001 0000012C 0005 026162 0163";

    [Fact]
    public void Response_with_compression_and_two_strings_decodes()
    {
        Assert.True(DnsResponseParser.TryParse(new ReadOnlySequence<byte>(Hex(Answer)), out var response, out var error), error);
        Assert.Equal(0xBEEF, response!.Id);
        Assert.True(response.IsResponse);
        Assert.False(response.Truncated);
        Assert.Equal(DnsResponseCode.NoError, response.ResponseCode);
        Assert.Equal("_agent.x", response.QuestionName);
        var answer = Assert.Single(response.Answers);
        Assert.Equal(("_agent.x", (ushort)16, 300u), (answer.Name, answer.Type, answer.Ttl));
        Assert.True(DnsTxt.TryDecode(answer.Data.Span, out var strings, out _));
        Assert.Equal("abc", System.Text.Encoding.ASCII.GetString(DnsTxt.Concatenate(strings)));
    }

    [Theory]
    [InlineData("BEEF 8383 0000 0000 0000 0000", true, DnsResponseCode.NameError)] // TC + NXDOMAIN
    [InlineData("BEEF 8180 0000 0000 0000 0000", false, DnsResponseCode.NoError)]
    public void Header_flags(string hex, bool truncated, DnsResponseCode code)
    {
        Assert.True(DnsResponseParser.TryParse(Hex(hex), out var response, out _));
        Assert.Equal((truncated, code), (response!.Truncated, response.ResponseCode));
    }

    [Theory]
    [InlineData("BEEF 8180 0001", "shorter than the 12-byte header")]
    [InlineData("BEEF 8180 0001 0000 0000 0000 C00C 0010 0001", "compression pointer does not point backwards")]
    [InlineData("BEEF 8180 0001 0000 0000 0000 05616263", "label runs past the message")]
    [InlineData("BEEF 8180 0001 0000 0000 0000 4000 0010 0001", "reserved label type")]
    [InlineData("BEEF 8180 0000 0001 0000 0000 00 0010 0001 00000001 0009 01", "RDATA truncated")]
    public void Malformed_responses_name_the_problem(string hex, string expected)
    {
        Assert.False(DnsResponseParser.TryParse(Hex(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Txt_rdata_with_a_string_running_past_the_end_is_an_error()
    {
        Assert.False(DnsTxt.TryDecode(Hex("05616263"), out _, out var error));
        Assert.Equal("character-string runs past RDATA", error);
        Assert.False(DnsTxt.TryDecode([], out _, out _));
    }

    [Fact]
    public void Tcp_framing_round_trips_and_waits_for_whole_frames()
    {
        var buffer = new ArrayBufferWriter<byte>();
        DnsTcpFraming.WriteFrame(buffer, Hex("0102 03"));
        Assert.Equal(Hex("0003 010203"), buffer.WrittenSpan.ToArray());
        var partial = new ReadOnlySequence<byte>(Hex("0003 0102"));
        Assert.False(DnsTcpFraming.TryReadFrame(ref partial, out _));
        var whole = new ReadOnlySequence<byte>(Hex("0003 010203 0001"));
        Assert.True(DnsTcpFraming.TryReadFrame(ref whole, out var message));
        Assert.Equal(Hex("010203"), message.ToArray());
        Assert.Equal(2, whole.Length);
    }

    [Fact]
    public void Fuzz_random_and_mutated_messages_never_throw()
    {
        var random = new Random(4242);
        var valid = Hex(Answer);
        for (var i = 0; i < 20_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 80)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])valid.Clone();
                for (var m = random.Next(1, 4); m > 0; m--) input[random.Next(input.Length)] = (byte)random.Next(256);
                if (random.Next(4) == 0) input = input[..random.Next(input.Length)];
            }
            if (DnsResponseParser.TryParse(input, out var response, out var error))
            {
                Assert.NotNull(response);
                foreach (var a in response.Answers) DnsTxt.TryDecode(a.Data.Span, out _, out _);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error));
            }
        }
    }
}
