using System.Text.Json.Nodes;
using AgentPlatform.Agents;
using AgentPlatform.Protocol.Agenkit;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.AgentHost.Agenkit;

/// <summary>One request's run: the agent invoked through <see cref="AgentRunner"/>, its output sent back by id.</summary>
internal sealed partial class LocalAgentConnection
{
    private async Task RunAsync(string id, bool stream, IAgent agent, AgenkitMessage message)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_aborted.Token);
        deadline.CancelAfter(_options.RequestTimeout);
        var output = new AgenkitOutputChannel(stream ? (chunk, seq) => SendAsync(AgenkitEnvelope.ForStreamChunk(id, AgenkitAgentMapping.Chunk(agent.Name, chunk, seq, DateTimeOffset.UtcNow))) : null);
        var timeoutMs = _options.RequestTimeout == Timeout.InfiniteTimeSpan ? (long?)null : (long)_options.RequestTimeout.TotalMilliseconds;
        var call = new AgentCall(agent.Name, id, AgenkitAgentMapping.Session(message, Id), Id, null, AgenkitAgentMapping.Input(message), timeoutMs);
        try
        {
            var run = await AgentRunner.RunAsync(agent, call, output, _options.ContextStore, deadline.Token).ConfigureAwait(false);
            await SendAsync(stream
                ? AgenkitAgentMapping.StreamEnd(id, run.Result)
                : AgenkitEnvelope.ForResponse(id, AgenkitAgentMapping.Response(agent.Name, output.Collected, run.Result, DateTimeOffset.UtcNow))).ConfigureAwait(false);
        }
        catch (AgentException ex) when (output.QuestionAsked is { } kind)
        {
            await SendQuietlyAsync(AgenkitEnvelope.ForError(id, new AgenkitError(AgenkitErrorCodes.InternalError, ex.Message,
                new JsonObject { ["reason"] = AgenkitAgentMapping.AgentRequestReason, ["agent_name"] = agent.Name, ["kind"] = kind }))).ConfigureAwait(false);
        }
        catch (AgentException ex)
        {
            await SendQuietlyAsync(AgenkitEnvelope.ForError(id, AgenkitAgentMapping.Error(ex.Code, ex.Message, ex.Retryable, agent.Name))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !_aborted.IsCancellationRequested)
        {
            await SendQuietlyAsync(AgenkitEnvelope.ForError(id, new AgenkitError(AgenkitErrorCodes.AgentTimeout,
                $"Agent '{agent.Name}' did not finish within {_options.RequestTimeout}", new JsonObject { ["agent_name"] = agent.Name }))).ConfigureAwait(false);
        }
        catch (Exception ex) when (_aborted.IsCancellationRequested && ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection is gone: there is nobody to answer.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The exception text may hold user data: it goes to the caller, who sent it, never to the log.
            LogAgentFailed(_logger, Id, agent.Name, ex.GetType().Name);
            await SendQuietlyAsync(AgenkitEnvelope.ForError(id, new AgenkitError(AgenkitErrorCodes.InternalError, ex.Message,
                new JsonObject { ["agent_name"] = agent.Name, ["exception"] = ex.GetType().Name }))).ConfigureAwait(false);
        }
    }

    private async ValueTask SendQuietlyAsync(AgenkitEnvelope envelope)
    {
        try
        {
            await SendAsync(envelope).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "agenkit connection {ConnectionId}: agent {Agent} failed with {Exception}")]
    private static partial void LogAgentFailed(ILogger logger, string connectionId, string agent, string exception);
}
