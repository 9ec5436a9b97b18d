using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentPlatform.AgentChat.Output;

/// <summary>
/// What a verb prints: one JSON object with --json, else text for people, coloured only on a terminal (and never under
/// NO_COLOR), so pipes and tests get plain text.
/// </summary>
public sealed class CliOutput(TextWriter output, TextWriter error, bool json)
{
    private static readonly bool Colour = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    /// <summary>Whether --json was given.</summary>
    public bool Json { get; } = json;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>The verb's result: the JSON object with --json, else the human lines.</summary>
    public Task ResultAsync(JsonObject result, params string[] human)
    {
        ArgumentNullException.ThrowIfNull(human);
        return Json ? Out.WriteLineAsync(result.ToJsonString()) : Out.WriteLineAsync(string.Join(Environment.NewLine, human));
    }

    /// <summary>A failure: <c>{"error": code, "message": …}</c> on stderr with --json, else a red line.</summary>
    public async Task<int> FailAsync(string code, string message, int exitCode = 1)
    {
        if (Json) await Error.WriteLineAsync(new JsonObject { ["error"] = code, ["message"] = message }.ToJsonString()).ConfigureAwait(false);
        else await Error.WriteLineAsync(Red($"error {code}: {message}")).ConfigureAwait(false);
        return exitCode;
    }

    public static string Green(string text) => Paint("32", text);

    public static string Red(string text) => Paint("31", text);

    public static string Cyan(string text) => Paint("36", text);

    public static string Dim(string text) => Paint("2", text);

    public static string Bold(string text) => Paint("1", text);

    private static string Paint(string code, string text) => Colour ? $"\u001b[{code}m{text}\u001b[0m" : text;

    /// <summary>A frame as one readable line: <c>[#general] @abc: hello</c>.</summary>
    public static string Describe(JsonObject frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        string? Text(string name) => frame[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return Text("type") switch
        {
            "MSG" => $"{Cyan("[" + Text("to") + "]")} {Bold(Text("from") ?? "?")}: {Text("content")}{(frame["replay"] is not null ? Dim(" (replay)") : "")}",
            "AGENT_JOINED" => Dim($"{Text("agent")} joined {Text("channel")}"),
            "AGENT_LEFT" => Dim($"{Text("agent")} left {Text("channel")}"),
            "ERROR" => Red($"error {Text("code")}: {Text("message")}"),
            _ => frame.ToJsonString(new JsonSerializerOptions { WriteIndented = false }),
        };
    }
}
