using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// agenkit envelope bodies (JSON and MessagePack codecs) into <see cref="AgenkitEnvelopeCodec.Decode(ReadOnlyMemory{byte}, AgenkitCodec)"/>
/// and the payload readers: an envelope or an error result, never a throw.
/// </summary>
public sealed class AgenkitEnvelopeFuzzScenario : ParserFuzzScenario
{
    public override string Dialect => "agenkit";

    public override string Name => "fuzz-agenkit-envelopes";

    protected override FuzzFormat Format => new()
    {
        Name = "agenkit-envelope",
        Seeds = [.. AgenkitPayloads.JsonSeeds, .. AgenkitPayloads.MessagePackSeeds],
        Tokens = [.. FuzzTokens.Json(AgenkitPayloads.Keys), .. FuzzTokens.MessagePack(AgenkitPayloads.Keys)],
        // Both codecs read every input: a JSON seed's mutation is also hostile MessagePack and the other way round.
        Parse = input => AgenkitPayloads.Read(input, AgenkitCodec.Json) | AgenkitPayloads.Read(input, AgenkitCodec.MessagePack),
    };
}
