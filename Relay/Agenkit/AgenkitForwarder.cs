using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>
/// Forwards one request to an agent registered over agenkit, at its own endpoint, and hands every answer frame back
/// with the caller's id: a response or error ends a <c>process</c>; stream_chunk… then stream_end or error end a
/// <c>stream</c>. A connection per request, because agenkit's own LocalAgent answers one request at a time per
/// connection. Failures become errors: unreachable is AGENT_UNAVAILABLE, too slow AGENT_TIMEOUT.
/// </summary>
public sealed class AgenkitForwarder(AgenkitOptions options)
{
    /// <summary>
    /// The <c>message.metadata</c> key a forwarded request carries (this Relay instance's id): a request that arrives
    /// with it has been through a Relay already and is never forwarded again (INVALID_MESSAGE <c>forwarding_loop</c>).
    /// </summary>
    public const string ForwardedByKey = "agenkit_forwarded_by";

    /// <summary>The <c>reason</c> of a marked request refused instead of forwarded again.</summary>
    public const string LoopReason = "forwarding_loop";

    /// <summary>This Relay instance's id, the value of <see cref="ForwardedByKey"/>.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    public async Task ForwardAsync(string endpoint, AgenkitEnvelope request, bool stream, Func<AgenkitEnvelope, ValueTask<bool>> deliver,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(deliver);
        var agent = request.Payload["agent_name"]?.GetValue<string>() ?? "";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.RequestTimeout);
        AgenkitError? failure;
        try
        {
            failure = await RunAsync(endpoint, request, stream, deliver, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;   // the caller's connection is gone: nobody to answer
        }
        catch (OperationCanceledException)
        {
            failure = new AgenkitError(AgenkitErrorCodes.AgentTimeout, $"Agent '{agent}' did not answer within {options.RequestTimeout.TotalSeconds:0.###} s", Details(agent));
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            failure = new AgenkitError(AgenkitErrorCodes.AgentUnavailable, $"Agent '{agent}' is unreachable at its endpoint", Details(agent));
        }
        if (failure is not null) await deliver(AgenkitEnvelope.ForError(request.Id, failure)).ConfigureAwait(false);
    }

    private async Task<AgenkitError?> RunAsync(string endpoint, AgenkitEnvelope request, bool stream, Func<AgenkitEnvelope, ValueTask<bool>> deliver,
        CancellationToken cancellationToken)
    {
        var target = AgenkitEndpoint.TryParse(endpoint) ?? throw new IOException("not an agenkit endpoint");
        using var socket = target.CreateSocket();
        await socket.ConnectAsync(target.Address, cancellationToken).ConfigureAwait(false);
        await using var network = new NetworkStream(socket, ownsSocket: false);
        // The agent sees a request of its own id space; answers are matched to ours by being the only request on the connection.
        var forwardId = Guid.NewGuid().ToString();
        var payload = (JsonObject)request.Payload.DeepClone();
        if (payload["message"] is JsonObject message)
        {
            if (message["metadata"] is not JsonObject metadata) message["metadata"] = metadata = [];
            metadata[ForwardedByKey] = InstanceId;
        }
        var outgoing = request with { Id = forwardId, Payload = payload };
        await network.WriteAsync(AgenkitFraming.ToFrame(outgoing), cancellationToken).ConfigureAwait(false);
        var reader = PipeReader.Create(network);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (true)
                {
                    var status = AgenkitFraming.TryReadFrame(ref buffer, options.MaxFrameBytes, out var body, out _);
                    if (status == AgenkitFrameStatus.TooLarge) return Bad(request, "sent a frame over the size limit");
                    if (status == AgenkitFrameStatus.Incomplete) break;
                    var decoded = AgenkitEnvelopeCodec.Decode(body);
                    if (decoded.Envelope is not { } answer) return Bad(request, "sent an undecodable frame");
                    var done = answer.Type is AgenkitMessageType.Error or AgenkitMessageType.StreamEnd
                        || (answer.Type == AgenkitMessageType.Response && !stream);
                    if (answer.Type is AgenkitMessageType.Response or AgenkitMessageType.Error or AgenkitMessageType.StreamChunk or AgenkitMessageType.StreamEnd)
                    {
                        if (!await deliver(answer with { Id = request.Id }).ConfigureAwait(false) || done) return null;
                    }
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted) return new AgenkitError(AgenkitErrorCodes.AgentUnavailable, "The agent closed the connection before answering", Details(Name(request)));
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static AgenkitError Bad(AgenkitEnvelope request, string what) =>
        new(AgenkitErrorCodes.InternalError, "The agent " + what, Details(Name(request)));

    private static string Name(AgenkitEnvelope request) => request.Payload["agent_name"]?.GetValue<string>() ?? "";

    private static JsonObject Details(string agent) => new() { ["agent_name"] = agent };
}
