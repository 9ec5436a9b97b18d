namespace AgentPlatform.Protocol.AspV1;

/// <summary>
/// The only exception <see cref="AspV1Protocol.Parse(System.Buffers.ReadOnlySequence{byte}, AspV1Options?)"/> lets
/// escape for bad input. <see cref="Code"/> is the ERROR code to send and <see cref="CloseCode"/> the WebSocket
/// close code that follows it.
/// </summary>
public sealed class AspProtocolException : Exception
{
    public AspProtocolException() : this(AspErrorCodes.BadFrame, "bad frame")
    {
    }

    public AspProtocolException(string message) : this(AspErrorCodes.BadFrame, message)
    {
    }

    public AspProtocolException(string message, Exception innerException) : this(AspErrorCodes.BadFrame, message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="code"/> (one of <see cref="AspErrorCodes"/>).</summary>
    public AspProtocolException(string code, string message, Exception? innerException = null) : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The error code (<see cref="AspErrorCodes"/>).</summary>
    public string Code { get; }

    /// <summary>The close code that follows (1002 for BAD_FRAME, 1009 for FRAME_TOO_LARGE).</summary>
    public int CloseCode => AspErrorCodes.CloseCodeFor(Code) ?? CloseCodes.ProtocolError;
}
