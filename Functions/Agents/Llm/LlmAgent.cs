using System.Text;
using AgentPlatform.Agents;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Functions.Agents.Llm;

/// <summary>
/// <c>llm</c>: a chat over any OpenAI-compatible chat-completions endpoint (<c>Agents:Llm</c>). The session's
/// history (<c>[{role, content}…]</c>) lives in the context store; each turn sends it with the new user message,
/// streams every delta as one STREAM chunk and returns <c>{text}</c>. Unconfigured, it answers ERROR
/// FUNCTION_UNAVAILABLE (not retryable) naming the missing settings.
/// </summary>
public sealed class LlmAgent(ChatCompletionsClient client) : IAgent
{
    public string Name => "llm";

    public AgentDescriptor Describe() => new()
    {
        Name = Name,
        Description = "Chat with an OpenAI-compatible model, streaming tokens; remembers the session's conversation.",
        Capabilities = ["stream", "stateful", "llm"],
        Metadata = new Dictionary<string, string>
        {
            ["configured"] = client.Options.IsConfigured ? "true" : "false",
            ["model"] = client.Options.Model ?? "",
        },
    };

    public async ValueTask<MsgPackValue?> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (!client.Options.IsConfigured)
        {
            throw new AgentException(AspErrorCodes.FunctionUnavailable,
                "the llm agent is not configured: set Agents:Llm:Endpoint and Agents:Llm:Model (and Agents:Llm:ApiKey)");
        }
        var prompt = PromptOf(invocation.Input);
        var history = HistoryOf(invocation.Context.State);
        var messages = history.TakeLast(client.Options.MaxHistoryMessages).Append(new ChatMessage("user", prompt)).ToList();
        var answer = new StringBuilder();
        try
        {
            await foreach (var delta in client.StreamAsync(messages, cancellationToken).ConfigureAwait(false))
            {
                answer.Append(delta);
                await invocation.WriteChunkAsync(delta, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (LlmException ex)
        {
            throw new AgentException(AspErrorCodes.FunctionUnavailable, ex.Message, ex.Retryable);
        }
        var text = answer.ToString();
        var max = client.Options.MaxHistoryMessages;
        invocation.Context.Update(state => Encode(HistoryOf(state).Append(new ChatMessage("user", prompt)).Append(new ChatMessage("assistant", text)).TakeLast(max)));
        return MsgPackValue.Map(("text", text));
    }

    private static string PromptOf(MsgPackValue input) => input.Kind switch
    {
        MsgPackValueKind.String => input.AsString(),
        MsgPackValueKind.Map when input.TryGetValue("prompt", out var p) && p.Kind == MsgPackValueKind.String => p.AsString(),
        _ => throw new AgentException(AspErrorCodes.BadInput, "llm input must be a string or {prompt: string}"),
    };

    private static List<ChatMessage> HistoryOf(MsgPackValue? state)
    {
        var messages = new List<ChatMessage>();
        if (state is not { Kind: MsgPackValueKind.Array }) return messages;
        foreach (var item in state.AsArray())
        {
            if (item.Kind == MsgPackValueKind.Map && item.TryGetValue("role", out var role) && item.TryGetValue("content", out var content)
                && role.Kind == MsgPackValueKind.String && content.Kind == MsgPackValueKind.String)
            {
                messages.Add(new ChatMessage(role.AsString(), content.AsString()));
            }
        }
        return messages;
    }

    private static MsgPackValue Encode(IEnumerable<ChatMessage> messages) =>
        MsgPackValue.Array(messages.Select(m => MsgPackValue.Map(("role", m.Role), ("content", m.Content))));
}
