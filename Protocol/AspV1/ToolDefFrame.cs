namespace AgentPlatform.Protocol.AspV1;

/// <summary>TOOL_DEF (0x05): <c>{tools, id?}</c>, tools pushed just in time.</summary>
/// <param name="Tools">Key <c>tools</c>: array of <c>{name, description?, schema?}</c>.</param>
public sealed record ToolDefFrame(IReadOnlyList<ToolDefinition> Tools) : AspFrame
{
    /// <inheritdoc/>
    public override AspOpcode Opcode => AspOpcode.ToolDef;

    /// <summary>Key <c>id</c>: the invocation during which the tools were discovered.</summary>
    public string? Id { get; init; }

    /// <inheritdoc/>
    public bool Equals(ToolDefFrame? other) => other is not null && SessionSeq == other.SessionSeq && Id == other.Id
        && Tools.SequenceEqual(other.Tools);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, Tools.Count);
}
