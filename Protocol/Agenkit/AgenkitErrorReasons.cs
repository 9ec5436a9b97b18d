namespace AgentPlatform.Protocol.Agenkit;

/// <summary>
/// The <c>error_details.reason</c> a decode failure carries, so that failures sharing a seed code (bad UTF-8 and
/// bad JSON are both MALFORMED_PAYLOAD) stay distinguishable by machine.
/// </summary>
public static class AgenkitErrorReasons
{
    public const string InvalidUtf8 = "invalid_utf8";
    public const string InvalidJson = "invalid_json";
    public const string InvalidMessagePack = "invalid_msgpack";
    public const string NotAnObject = "not_an_object";
    public const string MissingField = "missing_field";
    public const string InvalidField = "invalid_field";
    public const string UnknownType = "unknown_type";
    public const string UnsupportedVersion = "unsupported_version";
    public const string FrameTooLarge = "frame_too_large";
}
