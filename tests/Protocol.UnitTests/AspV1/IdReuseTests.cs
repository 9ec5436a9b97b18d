using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.UnitTests.Support;

namespace AgentPlatform.Protocol.UnitTests.AspV1;

/// <summary>
/// The reader hands back the previous string when a frame repeats the last id's bytes (a stream of STREAM frames);
/// that shortcut must never change what an id decodes to, nor let a bad id through.
/// </summary>
public class IdReuseTests
{
    private static StreamFrame Stream(string id, ulong seq) => (StreamFrame)AspV1Protocol.Parse(AspV1Protocol.ToArray(new StreamFrame(id, seq, "x")));

    [Fact]
    public void A_repeated_id_decodes_to_the_same_string_and_different_ids_never_mix()
    {
        var first = Stream("inv-aaaa", 1);
        var again = Stream("inv-aaaa", 2);
        Assert.Same(first.Id, again.Id);

        // Same length, same prefix, one byte apart; then back; then a longer and a shorter id sharing the prefix.
        Assert.Equal("inv-aaab", Stream("inv-aaab", 3).Id);
        Assert.Equal("inv-aaaa", Stream("inv-aaaa", 4).Id);
        Assert.Equal("inv-aaaa-2", Stream("inv-aaaa-2", 5).Id);
        Assert.Equal("inv-aaa", Stream("inv-aaa", 6).Id);
        Assert.Equal("é-1", Stream("é-1", 7).Id);
        Assert.Equal("é-1", Stream("é-1", 8).Id);
    }

    [Fact]
    public void The_same_id_in_a_str8_encoding_or_after_a_different_frame_still_decodes()
    {
        Assert.Equal("1", Stream("1", 1).Id);
        // STREAM {id: "1" as str 8, seq: 2, data: "hi"}
        var str8 = (StreamFrame)AspV1Protocol.Parse(Hex.Parse("03 83 a2 69 64 d9 01 31 a3 73 65 71 02 a4 64 61 74 61 a2 68 69"));
        Assert.Equal(new StreamFrame("1", 2, "hi"), str8);
        var complete = (CompleteFrame)AspV1Protocol.Parse(AspV1Protocol.ToArray(new CompleteFrame("1")));
        Assert.Equal("1", complete.Id);
    }

    [Fact]
    public void An_id_that_is_not_a_valid_id_is_refused_even_right_after_a_valid_one()
    {
        Assert.Equal("1", Stream("1", 1).Id);
        // STREAM {id: "", ...} and STREAM {id: 0xff (invalid UTF-8), ...}
        var empty = Assert.Throws<AspProtocolException>(() => AspV1Protocol.Parse(Hex.Parse("03 83 a2 69 64 a0 a3 73 65 71 02 a4 64 61 74 61 a2 68 69")));
        Assert.Equal(AspErrorCodes.BadFrame, empty.Code);
        var invalid = Assert.Throws<AspProtocolException>(() => AspV1Protocol.Parse(Hex.Parse("03 83 a2 69 64 a1 ff a3 73 65 71 02 a4 64 61 74 61 a2 68 69")));
        Assert.Equal(AspErrorCodes.BadFrame, invalid.Code);
        Assert.Equal("1", Stream("1", 3).Id);
    }
}
