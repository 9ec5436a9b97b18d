using System.Buffers;
using AgentPlatform.Protocol;
using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Server.AspV1.Connections;

/// <summary>
/// What each inbound frame of an open session does: rate limit, parse, de-duplicate by session sequence number
/// (reliable sessions), then dispatch by role. Malformed frames are answered with ERROR; a peer that persists
/// is closed. Returns false when the session must end.
/// </summary>
public sealed class AspV1FrameHandler(IAspV1Connection connection, AspV1ConnectionState state, AspV1Engine engine)
{
    private readonly Limits.ConnectionLimits _limits = engine.Options.Limits;

    public async ValueTask<bool> HandleAsync(ReadOnlySequence<byte> message)
    {
        AspFrame frame;
        try
        {
            frame = AspV1Protocol.Parse(message, engine.ParseOptions);
        }
        catch (AspProtocolException ex)
        {
            return await RejectAsync(ex.Code, ex.Message, null).ConfigureAwait(false);
        }
        if (frame.SessionSeq is not { } s || !state.Reliable) return await ProcessAsync(frame, message).ConfigureAwait(false);
        switch (state.ClaimInbound((long)s))
        {
            case InboundClaim.Duplicate:
                // Replayed after a resume: processed once (or being processed), so ignored (SignalR stateful-reconnect rule).
                return true;
            case InboundClaim.Gap:
                return await FailAsync(AspErrorCodes.BadFrame, "session sequence gap").ConfigureAwait(false);
        }
        var keepGoing = await ProcessAsync(frame, message).ConfigureAwait(false);
        state.MarkProcessed((long)s);
        // The spec asks for an ACK at least every 16 frames; the session's timer covers the 100 ms rule.
        if ((long)s - state.LastAckSent >= 16)
        {
            state.LastAckSent = (long)s;
            await Send(new AckFrame(s)).ConfigureAwait(false);
        }
        return keepGoing;
    }

    private async ValueTask<bool> ProcessAsync(AspFrame frame, ReadOnlySequence<byte> message)
    {
        var keepGoing = true;
        // A provider's frames are the output of invocations clients were allowed to start (each client is limited, and
        // each client's outbox pushes back): limiting the provider's link would drop chunks of a fast stream.
        if (state.Role != AspRoles.Provider && !state.Bucket.TryTake())
        {
            engine.Observer.Rejected("rate_limited");
            if (++state.RateViolations > _limits.MaxRateLimitViolations)
            {
                await Send(ErrorFrame.For(AspErrorCodes.RateLimited, "rate limit exceeded persistently")).ConfigureAwait(false);
                engine.Sessions.Close(connection, AspErrorCodes.RateLimited, CloseCodes.PolicyViolation);
                return false;
            }
            var retryAfter = (uint)Math.Ceiling(1000 / Math.Max(0.001, _limits.FramesPerSecond));
            await Send(ErrorFrame.For(AspErrorCodes.RateLimited, "too many frames", AspV1Protocol.InvocationIdOf(frame)) with { RetryAfterMs = retryAfter }).ConfigureAwait(false);
        }
        else
        {
            keepGoing = state.Role == AspRoles.Provider
                ? await FromProviderAsync(frame, message).ConfigureAwait(false)
                : await FromClientAsync(frame).ConfigureAwait(false);
        }
        return keepGoing;
    }

    private async ValueTask<bool> FromClientAsync(AspFrame frame)
    {
        var invocations = state.Invocations!;
        switch (frame)
        {
            case InvokeFrame invoke when state.Admission?.MayInvoke(invoke.Agent) == false:
                // Not a protocol error: the connection stays up and only this invocation is refused.
                await Send(ErrorFrame.For(AspErrorCodes.Forbidden, "the token's roles do not allow invoking this agent", invoke.Id)
                    with { Retryable = false }).ConfigureAwait(false);
                return true;
            case InvokeFrame invoke:
                await invocations.StartAsync(invoke).ConfigureAwait(false);
                return true;
            case InterruptFrame interrupt:
                await invocations.InterruptAsync(interrupt).ConfigureAwait(false);
                return true;
            case ReplyFrame reply:
                await invocations.ReplyAsync(reply).ConfigureAwait(false);
                return true;
            case AckFrame ack:
                return await AcknowledgeAsync(ack).ConfigureAwait(false);
            case ErrorFrame:
                // A client-side failure report: nothing to route; the client ends its own invocation with INTERRUPT.
                return true;
            default:
                return await RejectAsync(AspErrorCodes.BadFrame, $"{frame.Opcode} is not sent by a client", AspV1Protocol.InvocationIdOf(frame)).ConfigureAwait(false);
        }
    }

    private async ValueTask<bool> FromProviderAsync(AspFrame frame, ReadOnlySequence<byte> raw)
    {
        switch (frame)
        {
            case StreamFrame or ToolDefFrame or RequestFrame or CompleteFrame or ErrorFrame or InterruptFrame:
                await engine.Providers!.FrameAsync(connection, frame, raw).ConfigureAwait(false);
                return true;
            case AckFrame ack:
                return await AcknowledgeAsync(ack).ConfigureAwait(false);
            default:
                return await RejectAsync(AspErrorCodes.BadFrame, $"{frame.Opcode} is not sent by a provider", AspV1Protocol.InvocationIdOf(frame)).ConfigureAwait(false);
        }
    }

    private async ValueTask<bool> AcknowledgeAsync(AckFrame ack)
    {
        if (connection.Outbox.Acknowledge((long)Math.Min(ack.Seq, long.MaxValue))) return true;
        return await FailAsync(AspErrorCodes.BadFrame, "ACK of a frame that was never sent").ConfigureAwait(false);
    }

    /// <summary>A bad frame: ERROR; after <see cref="Limits.ConnectionLimits.MaxMalformedFrames"/> of them, close.</summary>
    private async ValueTask<bool> RejectAsync(string code, string message, string? id)
    {
        engine.Observer.Rejected("malformed");
        if (code != AspErrorCodes.BadFrame) return await FailAsync(code, message).ConfigureAwait(false);
        if (++state.MalformedFrames >= _limits.MaxMalformedFrames) return await FailAsync(code, message + "; too many malformed frames").ConfigureAwait(false);
        await Send(ErrorFrame.For(code, message, id) with { Retryable = false }).ConfigureAwait(false);
        return true;
    }

    private async ValueTask<bool> FailAsync(string code, string message)
    {
        await Send(ErrorFrame.For(code, message)).ConfigureAwait(false);
        engine.Sessions.Close(connection, code, AspErrorCodes.CloseCodeFor(code) ?? CloseCodes.ProtocolError);
        return false;
    }

    private ValueTask<bool> Send(AspFrame frame) => AspFrameSender.SendAsync(connection, frame, connection.Closed);
}
