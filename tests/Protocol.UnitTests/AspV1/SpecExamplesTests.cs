using System.Text.Json.Nodes;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Protocol.UnitTests.Support;

namespace AgentPlatform.Protocol.UnitTests.AspV1;

/// <summary>The spec's worked examples and the codec agree byte for byte, in both directions.</summary>
public class SpecExamplesTests
{
    private static readonly IReadOnlyDictionary<string, (byte[] Bytes, string Json)> Spec = SpecExamples.Load();

    public static TheoryData<string> Names() => new(AspV1Examples.All.Select(e => e.Name));

    [Fact]
    public void The_spec_shows_exactly_the_examples_of_the_table()
    {
        Assert.Equal(AspV1Examples.All.Select(e => e.Name).Order(), Spec.Keys.Order());
        Assert.True(Spec.Count >= 16);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Writing_the_frame_gives_the_spec_bytes(string name)
    {
        var frame = AspV1Examples.All.Single(e => e.Name == name).Frame;
        Assert.Equal(Hex.Format(Spec[name].Bytes), Hex.Format(AspV1Protocol.ToArray(frame)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Parsing_the_spec_bytes_gives_the_frame(string name)
    {
        var frame = AspV1Examples.All.Single(e => e.Name == name).Frame;
        var parsed = AspV1Protocol.Parse(Spec[name].Bytes);
        Assert.Equal(frame, parsed);
        Assert.Equal(frame.Opcode, (AspOpcode)Spec[name].Bytes[0]);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Parsing_the_spec_bytes_split_into_one_byte_segments_gives_the_frame(string name)
    {
        var frame = AspV1Examples.All.Single(e => e.Name == name).Frame;
        Assert.Equal(frame, AspV1Protocol.Parse(Segments.Split(Spec[name].Bytes, 1)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_body_is_the_documented_json(string name)
    {
        var body = MsgPackValue.FromRaw(Spec[name].Bytes.AsMemory(1));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Spec[name].Json), MsgPackJson.ToJsonNode(body)));
    }
}
