using AgentPlatform.Agents;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Functions.Agents;

/// <summary>
/// <c>tools</c>: shows the full-duplex features. It pushes TOOL_DEF for its <c>greet</c> tool, asks the client
/// through REQUEST (kind <c>question</c>) for a name, and uses the REPLY: it streams <c>"Hello, {name}!"</c>
/// and returns <c>{tool: "greet", name}</c>.
/// </summary>
public sealed class ToolsAgent : IAgent
{
    public static readonly ToolDefinition GreetTool = new("greet", "Greets someone by name.",
        MsgPackJson.Parse("""{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}"""));

    public string Name => "tools";

    public AgentDescriptor Describe() => new()
    {
        Name = Name,
        Description = "Pushes a tool definition, asks the client a question through REQUEST and uses the reply.",
        Capabilities = ["stream", "tools", "request"],
        Tools = [GreetTool],
    };

    public async ValueTask<MsgPackValue?> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        await invocation.DefineToolsAsync([GreetTool], cancellationToken).ConfigureAwait(false);
        var question = invocation.Input is { Kind: MsgPackValueKind.Map } input && input.TryGetValue("question", out var q)
            ? q
            : MsgPackValue.From("What is your name?");
        var reply = await invocation.AskAsync("question", MsgPackValue.Map(("question", question)), cancellationToken).ConfigureAwait(false);
        var name = reply.Kind == MsgPackValueKind.String ? reply.AsString()
            : reply.Kind == MsgPackValueKind.Map && reply.TryGetValue("name", out var n) && n.Kind == MsgPackValueKind.String ? n.AsString()
            : throw new AgentException(AspErrorCodes.BadInput, "the reply to 'question' must be a string or {name: string}");
        await invocation.WriteChunkAsync("Hello, " + name + "!", cancellationToken).ConfigureAwait(false);
        return MsgPackValue.Map(("tool", "greet"), ("name", name));
    }
}
