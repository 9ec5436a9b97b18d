using System.Buffers;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// The agenkit 4-byte length framing as a connection reads it: a fuzzed byte stream (several frames, lengths
/// planted huge, zero or short) cut into segments, <see cref="AgenkitFraming.TryReadFrame"/> until Incomplete or
/// TooLarge, each body decoded. Valid: every frame read and decoded and nothing left over.
/// </summary>
public sealed class AgenkitFramingFuzzScenario : ParserFuzzScenario
{
    private const int MaxFrame = 64 * 1024;

    public override string Dialect => "agenkit";

    public override string Name => "fuzz-agenkit-framing";

    protected override FuzzFormat Format => new()
    {
        Name = "agenkit-framing",
        Seeds =
        [
            .. AgenkitPayloads.JsonSeeds.Select(Frame),
            [.. AgenkitPayloads.JsonSeeds.Take(3).SelectMany(Frame)],
            [.. AgenkitPayloads.JsonSeeds.Skip(3).SelectMany(Frame)],
        ],
        Tokens =
        [
            [0xff, 0xff, 0xff, 0xff], [0x7f, 0xff, 0xff, 0xff], [0, 0, 0, 0], [0, 1, 0, 1], [0, 0, 0, 1], [0, 0, 0x10, 0],
            .. FuzzTokens.Json("version", "type", "id", "payload"),
        ],
        Parse = Read,
    };

    private static byte[] Frame(byte[] body)
    {
        var output = new ArrayBufferWriter<byte>(body.Length + 4);
        AgenkitFraming.WriteFrame(output, body);
        return output.WrittenSpan.ToArray();
    }

    private static bool Read(byte[] input)
    {
        // Segment boundaries follow the input's length so that a case reproduces from its bytes alone.
        var buffer = Segments.Split(input, 1 + (input.Length % 7));
        var valid = true;
        while (true)
        {
            switch (AgenkitFraming.TryReadFrame(ref buffer, MaxFrame, out var body, out var announced))
            {
                case AgenkitFrameStatus.Complete:
                    if (announced != body.Length) throw new InvalidOperationException($"announced {announced}, sliced {body.Length}");
                    valid &= AgenkitEnvelopeCodec.Decode(body).Success;
                    continue;
                case AgenkitFrameStatus.TooLarge:
                    return false;
                default:
                    return valid && buffer.IsEmpty;
            }
        }
    }
}
