namespace AgentPlatform.Reliability.Fuzz;

/// <summary>
/// One wire format under fuzz: valid seeds to mutate, the format's dictionary tokens, and the product's pure parser
/// wrapped so that it returns true for a valid parse, false for a protocol error reported as a result, and throws
/// for anything else. <see cref="IsProtocolError"/> names the parser's documented protocol exception (if it has one);
/// every other exception is a finding.
/// </summary>
public sealed class FuzzFormat
{
    public required string Name { get; init; }

    public required IReadOnlyList<byte[]> Seeds { get; init; }

    public required IReadOnlyList<byte[]> Tokens { get; init; }

    public required Func<byte[], bool> Parse { get; init; }

    public Func<Exception, bool> IsProtocolError { get; init; } = _ => false;
}
