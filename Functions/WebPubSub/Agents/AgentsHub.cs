using System.Diagnostics;
using System.Text.Json;
using AgentPlatform.Agents;
using AgentPlatform.Functions.Agents;
using AgentPlatform.Functions.WebPubSub.Client;
using AgentPlatform.Functions.WebPubSub.Handler;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.CloudEvents;

namespace AgentPlatform.Functions.WebPubSub.Agents;

/// <summary>
/// The <c>agents</c> hub: a Web PubSub client sends the event <c>invoke</c> with
/// <c>{"agent":"echo","input":…,"id":"i1","session":"s1"}</c>; the same agents as asp-v1 relay mode run, their chunks
/// stream back as <c>{"type":"chunk",…}</c> messages and the event's answer is <c>{"type":"complete",…}</c> or
/// <c>{"type":"error",…}</c> (docs/protocol/webpubsub.md §8).
/// </summary>
public sealed partial class AgentsHub(AgentCatalog catalog, IContextStore store, WebPubSubServiceClient service, ILogger<AgentsHub> logger) : WebPubSubHub
{
    public const string HubName = "agents";
    public const string InvokeEvent = "invoke";

    public override ValueTask<WebPubSubEventResult> OnConnectAsync(ConnectEvent request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Identity comes from the token's sub; clients may join the invocation group of their own user.
        var user = request.Context.UserId;
        return ValueTask.FromResult(WebPubSubEventResult.Accept(user is null ? null : new ConnectEventResponse { UserId = user }));
    }

    public override async ValueTask<WebPubSubEventResult> OnMessageReceivedAsync(UserEvent request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Context.EventName != InvokeEvent) return WebPubSubEventResult.NoContent;
        if (!TryReadInvoke(request.Data, out var invoke, out var why))
        {
            return Error(invoke?.Id ?? "", AspErrorCodes.BadInput, why, retryable: false);
        }
        if (!catalog.TryGet(invoke.Agent, out var agent))
        {
            return Error(invoke.Id, AspErrorCodes.UnknownAgent, "unknown agent '" + invoke.Agent + "'", retryable: false);
        }
        var context = request.Context;
        var session = invoke.Session ?? context.UserId ?? context.ConnectionId;
        var call = new AgentCall(invoke.Agent, invoke.Id, session, context.ConnectionId, context.UserId, invoke.Input, invoke.TimeoutMs);
        var channel = new WebPubSubInvocationChannel(service, context.Hub, context.ConnectionId, invoke.Id);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (invoke.TimeoutMs is { } t) deadline.CancelAfter(TimeSpan.FromMilliseconds(Math.Clamp(t, 1, int.MaxValue)));
        var started = Stopwatch.GetTimestamp();
        try
        {
            var run = await AgentRunner.RunAsync(agent, call, channel, store, deadline.Token).ConfigureAwait(false);
            var durationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogInvoked(logger, invoke.Agent, channel.Chunks, durationMs);
            return WebPubSubEventResult.Reply(WebPubSubInvocationChannel.Write(json =>
            {
                json.WriteString("type", "complete");
                json.WriteString("id", invoke.Id);
                json.WritePropertyName("result");
                if (run.Result is { } result) MsgPackJson.WriteJson(result, json);
                else json.WriteNullValue();
                json.WriteStartObject("metrics");
                json.WriteNumber("durationMs", Math.Round(durationMs, 3));
                json.WriteNumber("chunks", channel.Chunks);
                json.WriteEndObject();
            }));
        }
        catch (AgentException ex)
        {
            return Error(invoke.Id, ex.Code, ex.Message, ex.Retryable);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Error(invoke.Id, AspErrorCodes.Timeout, "the invocation exceeded its timeoutMs", retryable: true);
        }
        catch (HttpRequestException ex)
        {
            // The caller's connection went away or the service refused a chunk: nobody is left to stream to.
            return Error(invoke.Id, AspErrorCodes.FunctionUnavailable, ex.Message, retryable: true);
        }
    }

    private static WebPubSubEventResult Error(string id, string code, string message, bool retryable) =>
        WebPubSubEventResult.Reply(WebPubSubInvocationChannel.Write(json =>
        {
            json.WriteString("type", "error");
            json.WriteString("id", id);
            json.WriteString("code", code);
            json.WriteString("message", message);
            json.WriteBoolean("retryable", retryable);
        }));

    private static bool TryReadInvoke(WebPubSubPayload data, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out InvokeRequest? invoke, out string why)
    {
        invoke = null;
        if (data.DataType != WebPubSubDataType.Json)
        {
            why = "invoke takes a JSON object: {\"agent\":…,\"input\":…}";
            return false;
        }
        try
        {
            using var doc = JsonDocument.Parse(data.Bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { why = "invoke takes a JSON object"; return false; }
            var id = root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : Guid.NewGuid().ToString("N");
            if (!root.TryGetProperty("agent", out var a) || a.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(a.GetString()))
            {
                invoke = new InvokeRequest("", id, MsgPackValue.Nil, null, null);
                why = "agent is required";
                return false;
            }
            var input = root.TryGetProperty("input", out var inp) ? MsgPackJson.FromJsonElement(inp) : MsgPackValue.Nil;
            var session = root.TryGetProperty("session", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            long? timeout = root.TryGetProperty("timeoutMs", out var tm) && tm.TryGetInt64(out var tv) && tv > 0 ? tv : null;
            invoke = new InvokeRequest(a.GetString()!, id, input, session, timeout);
            why = "";
            return true;
        }
        catch (JsonException)
        {
            why = "the invoke payload is not JSON";
            return false;
        }
    }

    [LoggerMessage(EventId = 6210, Level = LogLevel.Debug, Message = "Web PubSub invoke of {Agent}: {Chunks} chunks in {DurationMs:0.0} ms")]
    private static partial void LogInvoked(ILogger logger, string agent, int chunks, double durationMs);

    private sealed record InvokeRequest(string Agent, string Id, MsgPackValue Input, string? Session, long? TimeoutMs);
}
