using System.CommandLine;
using System.Text.Json;
using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Cli.Commands;

/// <summary>
/// <c>agentplatform invoke &lt;agent&gt; &lt;json&gt;</c>: one invocation over asp-v1. Chunks print as JSON lines
/// (<c>{"chunk": …}</c>), tool definitions as <c>{"tools": […]}</c>, the end as <c>{"result": …, "metrics": …}</c>.
/// A REQUEST prints <c>{"request": …}</c> and reads the answer (JSON, or plain text) from standard input.
/// ERROR prints <c>{"error": code, "message": …}</c> to standard error (with <c>"reason"</c> when the Relay refused the
/// token and said why) and exits with 1 (2 when retryable).
/// </summary>
public static class InvokeCommand
{
    public static Command Create(TextReader input)
    {
        var agent = new Argument<string>("agent") { Description = "agent name" };
        var json = new Argument<string>("input") { Description = "the input as JSON (a bare word is taken as a string)" };
        var url = new Option<string?>("--url") { Description = "asp-v1 endpoint, ws://host/v1/agent-socket (default: from endpoints.json)" };
        var token = new Option<string?>("--token") { Description = "bearer token (default: from endpoints.json)" };
        var endpoints = new Option<string>("--endpoints") { Description = "path of AppHost's endpoints.json", DefaultValueFactory = _ => EndpointsFile.ResolveDefaultPath() };
        var command = new Command("invoke", "Invoke an agent and stream its output") { agent, json, url, token, endpoints };
        command.SetAction(async (parse, ct) =>
        {
            // REQUEST callbacks print from the receive loop while chunks print from this loop.
            var output = TextWriter.Synchronized(parse.InvocationConfiguration.Output);
            var error = parse.InvocationConfiguration.Error;
            var published = EndpointsFile.ReadAgentSocket(parse.GetValue(endpoints)!);
            var target = parse.GetValue(url) is { } explicitUrl ? new Uri(explicitUrl) : published?.Url;
            if (target is null)
            {
                await error.WriteLineAsync("no --url given and no agentSocket in " + parse.GetValue(endpoints));
                return 64;
            }
            var options = new AgentSocketClientOptions
            {
                Token = parse.GetValue(token) ?? published?.Token,
                OnRequest = async (request, _) =>
                {
                    await output.WriteLineAsync(Line("request", request.Data, ("kind", request.Kind)));
                    var answer = await input.ReadLineAsync(ct) ?? "";
                    return ParseInput(answer);
                },
            };
            try
            {
                await using var client = await AgentSocketClient.ConnectAsync(target, options, ct);
                await foreach (var evt in client.InvokeAsync(parse.GetValue(agent)!, ParseInput(parse.GetValue(json)!), ct))
                {
                    switch (evt)
                    {
                        case ChunkEvent chunk:
                            await output.WriteLineAsync(Line("chunk", chunk.Data));
                            break;
                        case ToolsEvent tools:
                            await output.WriteLineAsync(Line("tools", MsgPackValue.Array(tools.Tools.Select(t =>
                                MsgPackValue.Map(("name", t.Name), ("description", t.Description ?? ""), ("schema", t.Schema ?? MsgPackValue.Map()))))));
                            break;
                        case CompleteEvent complete:
                            var metrics = complete.Metrics is { } m
                                ? MsgPackValue.Map(("durationMs", m.DurationMs), ("cpuMs", m.CpuMs ?? 0), ("chunks", (long)(m.Chunks ?? 0)), ("bytes", (long)(m.Bytes ?? 0)))
                                : MsgPackValue.Nil;
                            await output.WriteLineAsync(Line("result", complete.Result ?? MsgPackValue.Nil, ("metrics", metrics)));
                            break;
                    }
                }
                return 0;
            }
            catch (AgentSocketException ex)
            {
                // A refused token says why in the message ("the server refused the token (401): the access token has
                // expired"); the reason alone is its own field for scripts.
                await error.WriteLineAsync(ex.Reason is { } reason
                    ? Line("error", ex.Code, ("message", ex.Message), ("reason", reason), ("retryable", ex.Retryable))
                    : Line("error", ex.Code, ("message", ex.Message), ("retryable", ex.Retryable)));
                return ex.Retryable ? 2 : 1;
            }
        });
        return command;
    }

    /// <summary>JSON input; anything that is not JSON is taken as a string, so <c>invoke echo hello</c> works.</summary>
    public static MsgPackValue ParseInput(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return MsgPackJson.Parse(text);
        }
        catch (JsonException)
        {
            return MsgPackValue.From(text);
        }
    }

    private static string Line(string key, MsgPackValue value, params (string Key, MsgPackValue Value)[] extra) =>
        MsgPackJson.ToJsonString(MsgPackValue.Map([(key, value), .. extra]));
}
