using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Protocol.UnitTests.AspV1;
using AgentPlatform.Protocol.UnitTests.MessagePack;
using AgentPlatform.Protocol.UnitTests.Support;

namespace AgentPlatform.Protocol.UnitTests.Fuzz;

/// <summary>Mutated and truncated input never escapes as anything but the protocol's own exception.</summary>
public class FuzzTests
{
    private static List<byte[]> FrameSeeds()
    {
        var seeds = AspV1Examples.All.Select(e => AspV1Protocol.ToArray(e.Frame)).ToList();
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            seeds.Add(AspV1Protocol.ToArray(RandomFrames.Create(random, () => FormatTable.Preferred[random.Next(FormatTable.Preferred.Count)].Value)));
        }
        return seeds.Where(s => s.Length < 4096).ToList();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Twenty_thousand_mutated_frames_only_ever_yield_frames_or_protocol_errors(int seed)
    {
        var result = FrameFuzzer.Run(FrameSeeds(), 10_000, seed);
        Assert.Empty(result.Findings);
        Assert.Equal(10_000, result.Parsed + result.Rejected);
        // Both outcomes must be well represented, or the mutations are too weak or too destructive to mean anything.
        Assert.InRange(result.Rejected, 2_000, 9_900);
        Assert.InRange(result.Parsed, 100, 8_000);
    }

    [Fact]
    public void Ten_thousand_mutated_values_only_ever_yield_values_or_messagepack_errors()
    {
        var seeds = FormatTable.Preferred.Select(r => r.Bytes).Where(b => b.Length < 2048).ToList();
        var result = FrameFuzzer.RunValues(seeds, 10_000, 3);
        Assert.Empty(result.Findings);
        Assert.InRange(result.Rejected, 1_000, 9_900);
        Assert.InRange(result.Parsed, 100, 9_000);
    }

    [Fact]
    public void Every_truncation_of_every_spec_example_is_BAD_FRAME()
    {
        foreach (var (_, frame) in AspV1Examples.All)
        {
            var bytes = AspV1Protocol.ToArray(frame);
            for (var length = 0; length < bytes.Length; length++)
            {
                var ex = Assert.Throws<AspProtocolException>(() => AspV1Protocol.Parse(bytes.AsMemory(0, length)));
                Assert.Equal(AspErrorCodes.BadFrame, ex.Code);
            }
        }
    }

    [Fact]
    public void Random_bytes_after_a_valid_opcode_are_rejected_or_parsed_never_crash()
    {
        var random = new Random(11);
        for (var i = 0; i < 5_000; i++)
        {
            var message = new byte[1 + random.Next(64)];
            random.NextBytes(message);
            message[0] = (byte)(1 + random.Next(10));
            try
            {
                AspV1Protocol.Parse(message);
            }
            catch (AspProtocolException ex)
            {
                Assert.False(string.IsNullOrEmpty(ex.Message));
            }
        }
        Assert.Throws<MessagePackException>(() => MsgPackValue.FromRaw(new byte[] { 0xc1 }));
    }
}
