using System.Buffers;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Protocol.UnitTests.Fuzz;

namespace AgentPlatform.Protocol.UnitTests.Agenkit;

/// <summary>
/// Mutated frames, in both codecs, only ever give envelopes that re-encode to a stable form, or errors from the
/// seed's code list; the framing layer never reads past a refused length and never throws.
/// </summary>
public class AgenkitFuzzTests
{
    private static readonly string[] DecodeCodes = [AgenkitErrorCodes.MalformedPayload, AgenkitErrorCodes.InvalidMessage, AgenkitErrorCodes.UnsupportedVersion];

    private static List<byte[]> Seeds(AgenkitCodec codec) => AgenkitEncodingTests.Table()
        .Select(row => row.Data.Item2)
        .Select(json => AgenkitEnvelopeCodec.Decode(System.Text.Encoding.UTF8.GetBytes(json)).Envelope!)
        .Select(e => AgenkitFraming.ToFrame(e, codec))
        .ToList();

    [Theory]
    [InlineData(AgenkitCodec.Json, 1)]
    [InlineData(AgenkitCodec.Json, 2)]
    [InlineData(AgenkitCodec.MessagePack, 3)]
    public void Ten_thousand_mutated_frames_decode_or_fail_with_a_seed_code(AgenkitCodec codec, int seed)
    {
        var seeds = Seeds(codec);
        var random = new Random(seed);
        int decoded = 0, failed = 0, partial = 0, refused = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var bytes = FrameFuzzer.Mutate(random, seeds[random.Next(seeds.Count)], seeds[random.Next(seeds.Count)]);
            var buffer = new ReadOnlySequence<byte>(bytes);
            var before = buffer.Length;
            switch (AgenkitFraming.TryReadFrame(ref buffer, 4096, out var body, out var length))
            {
                case AgenkitFrameStatus.TooLarge:
                    Assert.True(length > 4096);
                    Assert.Equal(before, buffer.Length);
                    refused++;
                    continue;
                case AgenkitFrameStatus.Incomplete:
                    Assert.Equal(before, buffer.Length);
                    partial++;
                    // The body alone still has to decode or fail cleanly.
                    body = new ReadOnlySequence<byte>(bytes.AsMemory(Math.Min(4, bytes.Length)));
                    break;
            }
            var result = AgenkitEnvelopeCodec.Decode(body, codec);
            if (result.Success)
            {
                var again = AgenkitEnvelopeCodec.EncodeToArray(result.Envelope!, codec);
                var second = AgenkitEnvelopeCodec.Decode(again, codec);
                Assert.True(second.Success);
                Assert.Equal(again, AgenkitEnvelopeCodec.EncodeToArray(second.Envelope!, codec));
                decoded++;
            }
            else
            {
                Assert.Contains(result.Error!.Code, DecodeCodes);
                Assert.False(string.IsNullOrEmpty(result.ErrorId));
                Assert.NotEmpty(AgenkitEnvelopeCodec.EncodeToArray(result.ToErrorEnvelope()));
                failed++;
            }
        }
        Assert.InRange(decoded, 100, 9_000);
        Assert.InRange(failed, 1_000, 9_900);
        Assert.True(partial + refused > 50, $"partial {partial} refused {refused}");
    }

    [Fact]
    public void Random_bytes_never_escape_as_exceptions()
    {
        var random = new Random(5);
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = new byte[random.Next(48)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && random.Next(2) == 0) bytes[0] = (byte)'{';
            foreach (var codec in new[] { AgenkitCodec.Json, AgenkitCodec.MessagePack })
            {
                var result = AgenkitEnvelopeCodec.Decode(bytes, codec);
                if (!result.Success) Assert.Contains(result.Error!.Code, DecodeCodes);
            }
        }
    }
}
