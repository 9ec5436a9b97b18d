using System.Diagnostics.CodeAnalysis;

namespace AgentPlatform.Protocol.Agenkit;

/// <summary>Maps <see cref="AgenkitMessageType"/> to and from its wire name.</summary>
public static class AgenkitMessageTypes
{
    public const string Request = "request";
    public const string Response = "response";
    public const string Error = "error";
    public const string Heartbeat = "heartbeat";
    public const string Register = "register";
    public const string Unregister = "unregister";
    public const string StreamChunk = "stream_chunk";
    public const string StreamEnd = "stream_end";

    /// <summary>The wire name of <paramref name="type"/>.</summary>
    public static string ToWire(AgenkitMessageType type) => type switch
    {
        AgenkitMessageType.Request => Request,
        AgenkitMessageType.Response => Response,
        AgenkitMessageType.Error => Error,
        AgenkitMessageType.Heartbeat => Heartbeat,
        AgenkitMessageType.Register => Register,
        AgenkitMessageType.Unregister => Unregister,
        AgenkitMessageType.StreamChunk => StreamChunk,
        AgenkitMessageType.StreamEnd => StreamEnd,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an agenkit message type"),
    };

    /// <summary>Parses a wire name; case-sensitive, as the seed's validator is.</summary>
    public static bool TryParse(string? wire, [NotNullWhen(true)] out AgenkitMessageType? type)
    {
        type = wire switch
        {
            Request => AgenkitMessageType.Request,
            Response => AgenkitMessageType.Response,
            Error => AgenkitMessageType.Error,
            Heartbeat => AgenkitMessageType.Heartbeat,
            Register => AgenkitMessageType.Register,
            Unregister => AgenkitMessageType.Unregister,
            StreamChunk => AgenkitMessageType.StreamChunk,
            StreamEnd => AgenkitMessageType.StreamEnd,
            _ => null,
        };
        return type is not null;
    }
}
