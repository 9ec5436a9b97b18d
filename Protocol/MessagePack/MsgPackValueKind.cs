namespace AgentPlatform.Protocol.MessagePack;

/// <summary>The kind of a <see cref="MsgPackValue"/>: the MessagePack type families.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name",
    Justification = "The names are the MessagePack specification's own type names.")]
public enum MsgPackValueKind : byte
{
    Nil,
    Boolean,
    Integer,
    Float,
    String,
    Binary,
    Array,
    Map,
    Extension,
}
