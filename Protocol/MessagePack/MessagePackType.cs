namespace AgentPlatform.Protocol.MessagePack;

/// <summary>The type family of a MessagePack value, as announced by its first byte.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name",
    Justification = "The names are the MessagePack specification's own format names.")]
public enum MessagePackType : byte
{
    /// <summary>0xc1, the code the specification never assigns.</summary>
    Unknown = 0,
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
