using AgentPlatform.Protocol.Aid;

namespace AgentPlatform.Client.Tests.Discovery;

/// <summary>AID TXT parsing and formatting (docs/protocol/aid.md), table-driven, plus a fuzz.</summary>
public sealed class AidRecordTests
{
    [Theory]
    [InlineData("v=aid1;p=websocket;uri=wss://events.example.com/stream;desc=Real-time Agent Feed", "aid1", "websocket", "wss://events.example.com/stream")]
    [InlineData(" v=aid1 ; proto=mcp ; uri=https://api.example.com/mcp ; ", "aid1", "mcp", "https://api.example.com/mcp")]
    [InlineData("V=AID1;P=mcp;U=https://a.example.com;x-future=1", "aid1", "mcp", "https://a.example.com")]
    [InlineData("v=aid2;p=a2a;u=https://a.example.com;k=zKey", "aid2", "a2a", "https://a.example.com")]
    [InlineData("v=aid1;p=local;uri=docker:ghcr.io/x/agent", "aid1", "local", "docker:ghcr.io/x/agent")]
    [InlineData("v=aid1;p=zeroconf;uri=zeroconf:_mcp._tcp", "aid1", "zeroconf", "zeroconf:_mcp._tcp")]
    [InlineData("v=aid1;p=mcp;uri=https://a.example.com;pka=zKey;kid=k1;dep=2030-01-01T00:00:00Z;docs=https://d.example.com;auth=pat", "aid1", "mcp", "https://a.example.com")]
    public void Valid_records_parse(string txt, string version, string proto, string uri)
    {
        Assert.True(AidRecordParser.TryParse(txt, out var record, out var error), error?.ToString());
        Assert.Equal((version, proto, uri), (record!.Version, record.Proto, record.Uri));
    }

    [Theory]
    [InlineData("v=aid1;p=websocket;uri=ws://events.example.com/stream", AidErrorCode.Security)]
    [InlineData("v=aid1;p=websocket;uri=https://events.example.com", AidErrorCode.InvalidTxt)]
    [InlineData("v=aid1;p=mcp;uri=http://a.example.com", AidErrorCode.InvalidTxt)]
    [InlineData("v=aid1;p=smtp;uri=https://a.example.com", AidErrorCode.UnsupportedProto)]
    [InlineData("v=aid3;p=mcp;uri=https://a.example.com", AidErrorCode.InvalidTxt)]
    [InlineData("p=mcp;uri=https://a.example.com", AidErrorCode.InvalidTxt)]
    [InlineData("v=aid1;uri=https://a.example.com", AidErrorCode.InvalidTxt)]
    [InlineData("v=aid1;p=mcp", AidErrorCode.InvalidTxt)]
    [InlineData("v=aid1;p=mcp;proto=mcp;uri=https://a.example.com", AidErrorCode.InvalidTxt)]
    [InlineData("v=aid1;p=mcp;uri=https://a.example.com;u=https://b.example.com", AidErrorCode.InvalidTxt)]
    [InlineData("v=aid1;p=mcp;uri=https://a.example.com;garbage", AidErrorCode.InvalidTxt)]
    [InlineData("v=aid1;p=mcp;uri=https://a.example.com;desc=", AidErrorCode.InvalidTxt)]
    [InlineData("v=aid1;p=mcp;uri=https://a.example.com;auth=magic", AidErrorCode.InvalidTxt)]
    [InlineData("v=aid1;p=mcp;uri=https://a.example.com;desc=0123456789012345678901234567890123456789012345678901234567890", AidErrorCode.InvalidTxt)]
    [InlineData("v=aid1;p=mcp;uri=https://a.example.com;docs=http://d.example.com", AidErrorCode.InvalidTxt)]
    [InlineData("v=aid1;p=mcp;uri=https://a.example.com;dep=2030-01-01", AidErrorCode.InvalidTxt)]
    [InlineData("v=aid1;p=mcp;uri=https://a.example.com;pka=zKey", AidErrorCode.InvalidTxt)]
    [InlineData("v=aid2;p=mcp;uri=https://a.example.com;pka=zKey;kid=k1", AidErrorCode.InvalidTxt)]
    [InlineData("v=aid1;p=local;uri=curl:evil", AidErrorCode.InvalidTxt)]
    [InlineData("", AidErrorCode.InvalidTxt)]
    public void Invalid_records_give_the_typed_error(string txt, AidErrorCode code)
    {
        Assert.False(AidRecordParser.TryParse(txt, out var record, out var error));
        Assert.Null(record);
        Assert.Equal(code, error!.Code);
    }

    [Fact]
    public void Formatting_writes_the_seed_001_shape_and_refuses_what_would_not_parse_back()
    {
        var record = new AidRecord { Version = "aid1", Proto = "websocket", Uri = "wss://events.example.com/stream", Desc = "Real-time Agent Feed" };
        Assert.True(AidRecordFormatter.TryFormat(record, out var txt, out _));
        Assert.Equal("v=aid1;p=websocket;uri=wss://events.example.com/stream;desc=Real-time Agent Feed", txt);
        Assert.True(AidRecordParser.TryParse(txt, out var back, out _));
        Assert.Equal(record, back);
        Assert.False(AidRecordFormatter.TryFormat(record with { Desc = "a;b" }, out _, out var e1));
        Assert.Equal(AidErrorCode.InvalidTxt, e1!.Code);
        Assert.False(AidRecordFormatter.TryFormat(record with { Uri = "ws://x.example.com" }, out _, out var e2));
        Assert.Equal(AidErrorCode.Security, e2!.Code);
    }

    [Fact]
    public void Long_values_split_into_255_byte_strings_and_zone_text_escapes()
    {
        var value = "v=aid1;p=websocket;uri=wss://x.example.com/" + new string('a', 300);
        var parts = AidRecordFormatter.SplitCharacterStrings(value);
        Assert.Equal([255, value.Length - 255], parts.Select(p => p.Length));
        Assert.Equal("\"a\\034b\\092c\\195\\169\"", AidRecordFormatter.ZoneFileStrings("a\"b\\cé"));
    }

    [Fact]
    public void Fuzz_arbitrary_text_never_throws()
    {
        var random = new Random(7);
        const string Alphabet = "v=aid12;pPuri:/wss.https-_ ;=kKi\"é\0";
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 60)];
            for (var c = 0; c < chars.Length; c++) chars[c] = Alphabet[random.Next(Alphabet.Length)];
            var ok = AidRecordParser.TryParse(new string(chars), out var record, out var error);
            Assert.True(ok ? record is not null && error is null : record is null && error is not null);
        }
    }
}
