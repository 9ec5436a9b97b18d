using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.UnitTests.MessagePack;

/// <summary>JSON conversion, and exactly the lossy cases docs/protocol/messagepack.md defines.</summary>
public class MsgPackJsonTests
{
    public static TheoryData<string, string> ToJsonCases() => new()
    {
        { "nil", "null" },
        { "map", """{"a":[1,-2,"x",true,false,null],"b":{}}""" },
        { "binary", "\"AQID\"" },
        { "timestamp", "\"2023-11-14T22:13:20.000000005Z\"" },
        { "timestamp out of DateTime range", """{"$ext":-1,"data":"AAAAAAAAAEXZZLgA"}""" },
        { "extension", """{"$ext":5,"data":"qg=="}""" },
        { "NaN", "null" },
        { "infinity", "null" },
        { "2^53+1", "9007199254740993" },
        { "ulong max", "18446744073709551615" },
        { "float32", "1.5" },
        { "integer key", """{"1":"one"}""" },
        { "array key", """{"[1,2]":"pair"}""" },
        { "duplicate keys", """{"k":2}""" },
        { "invalid utf8", "\"\\uFFFD\"" },
    };

    private static readonly Dictionary<string, MsgPackValue> Values = new()
    {
        ["nil"] = MsgPackValue.Nil,
        ["map"] = MsgPackValue.Map(("a", MsgPackValue.Array(1, -2, "x", true, false, MsgPackValue.Nil)), ("b", MsgPackValue.Map())),
        ["binary"] = MsgPackValue.FromBinary(new byte[] { 1, 2, 3 }),
        ["timestamp"] = MsgPackValue.From(new MessagePackTimestamp(1_700_000_000, 5)),
        ["timestamp out of DateTime range"] = MsgPackValue.From(new MessagePackTimestamp(300_000_000_000, 0)),
        ["extension"] = MsgPackValue.FromExtension(5, new byte[] { 0xaa }),
        ["NaN"] = double.NaN,
        ["infinity"] = double.NegativeInfinity,
        ["2^53+1"] = (1L << 53) + 1,
        ["ulong max"] = MsgPackValue.From(ulong.MaxValue),
        ["float32"] = MsgPackValue.From(1.5f),
        ["integer key"] = MsgPackValue.Map([new KeyValuePair<MsgPackValue, MsgPackValue>(1, "one")]),
        ["array key"] = MsgPackValue.Map([new KeyValuePair<MsgPackValue, MsgPackValue>(MsgPackValue.Array(1, 2), "pair")]),
        ["duplicate keys"] = MsgPackValue.Map(("k", 1), ("k", 2)),
        ["invalid utf8"] = MsgPackValue.FromUtf8(new byte[] { 0xff }),
    };

    [Theory]
    [MemberData(nameof(ToJsonCases))]
    public void MessagePack_to_json(string name, string json)
    {
        var value = Values[name];
        Assert.Equal(json, MsgPackJson.ToJsonString(value));
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) MsgPackJson.WriteJson(value, writer);
        Assert.Equal(json, System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Timestamps_before_the_epoch_inside_DateTime_range_are_RFC3339()
    {
        // (-1 s, 0 ns) is 1969-12-31T23:59:59Z, inside DateTime's range: that case is a string too.
        Assert.Equal("\"1969-12-31T23:59:59Z\"", MsgPackJson.ToJsonString(MsgPackValue.From(new MessagePackTimestamp(-1, 0))));
    }

    [Theory]
    [InlineData("1", MsgPackValueKind.Integer, "01")]
    [InlineData("-1", MsgPackValueKind.Integer, "ff")]
    [InlineData("1.0", MsgPackValueKind.Float, "cb 3f f0 00 00 00 00 00 00")]
    [InlineData("18446744073709551615", MsgPackValueKind.Integer, "cf ff ff ff ff ff ff ff ff")]
    [InlineData("18446744073709551616", MsgPackValueKind.Float, "cb 43 f0 00 00 00 00 00 00")]
    [InlineData("1e400", MsgPackValueKind.Float, "cb 7f f0 00 00 00 00 00 00")]
    [InlineData("\"s\"", MsgPackValueKind.String, "a1 73")]
    [InlineData("{\"a\":[true,null]}", MsgPackValueKind.Map, "81 a1 61 92 c3 c0")]
    public void Json_to_MessagePack(string json, MsgPackValueKind kind, string hex)
    {
        var value = MsgPackJson.Parse(json);
        Assert.Equal(kind, value.Kind);
        Assert.Equal(hex, Support.Hex.Format(value.ToBytes()));
        Assert.Equal(value, MsgPackJson.FromJsonNode(JsonNode.Parse(json)));
    }

    [Fact]
    public void Json_nodes_built_from_clr_values_convert_by_their_json_form()
    {
        var node = new JsonObject { ["i"] = 5, ["d"] = 1.5, ["s"] = "x", ["b"] = true, ["n"] = null, ["a"] = new JsonArray(1, 2) };
        Assert.Equal(MsgPackValue.Map(("i", 5), ("d", 1.5), ("s", "x"), ("b", true), ("n", MsgPackValue.Nil), ("a", MsgPackValue.Array(1, 2))), MsgPackJson.FromJsonNode(node));
    }
}
