namespace AgentPlatform.Protocol.Agenkit;

/// <summary>
/// What <see cref="AgenkitEnvelopeCodec"/> made of one frame body: an envelope, or the error to answer with.
/// A decode failure always ends the connection after the error is sent (docs/protocol/agenkit.md, "Connection
/// policy"): the peer's encoder is broken, so nothing it sends next can be trusted.
/// </summary>
/// <param name="Envelope">The envelope, when the body decoded.</param>
/// <param name="ErrorId">The id to answer with: the body's string <c>id</c> if it had one, else <see cref="AgenkitProtocol.UnknownId"/>.</param>
/// <param name="Error">The error, when it did not.</param>
public readonly record struct AgenkitDecodeResult(AgenkitEnvelope? Envelope, string ErrorId, AgenkitError? Error)
{
    public bool Success => Envelope is not null;

    /// <summary>The error envelope to send for a failed decode.</summary>
    public AgenkitEnvelope ToErrorEnvelope(DateTimeOffset? time = null) =>
        AgenkitEnvelope.ForError(ErrorId, Error ?? throw new InvalidOperationException("The body decoded; there is no error to send"), time);
}
