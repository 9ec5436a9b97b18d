using System.CommandLine;
using AgentPlatform.AgentChat.Output;
using AgentPlatform.Client.AgentChat;

namespace AgentPlatform.AgentChat.Commands;

/// <summary>Connects a verb's client from its options, and turns AgentChat failures into exit codes.</summary>
public static class ClientSession
{
    /// <summary>The identity of <c>--identity</c>; <paramref name="defaultPath"/> when none is given (null: ephemeral).</summary>
    public static AgentChatIdentity? LoadIdentity(ParseResult parse, CommonOptions common, string? defaultPath = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(common);
        var path = parse.GetValue(common.Identity) ?? defaultPath;
        if (path is null) return null;
        if (!File.Exists(path)) throw new AgentChatException("IDENTITY_NOT_FOUND", $"no identity file at {path} (agentchat identity --generate)");
        try
        {
            return AgentChatIdentity.Load(path);
        }
        catch (FormatException ex)
        {
            throw new AgentChatException("IDENTITY_INVALID", $"{path}: {ex.Message}");
        }
    }

    public static Task<AgentChatClient> ConnectAsync(ParseResult parse, CommonOptions common, string? positionalServer, AgentChatIdentity? identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(common);
        var server = ServerAddress.Resolve(positionalServer, parse.GetValue(common.Server), parse.GetValue(common.DataDir));
        var options = new AgentChatClientOptions
        {
            Name = parse.GetValue(common.Name) ?? identity?.Name ?? "agent-" + Environment.ProcessId,
            Identity = identity,
            RequestTimeout = TimeSpan.FromSeconds(parse.GetValue(common.Timeout)),
            // listen may be quiet for hours; a server or proxy with an idle timeout must still see it alive.
            KeepAliveInterval = TimeSpan.FromSeconds(60),
        };
        return AgentChatClient.ConnectAsync(server, options, cancellationToken);
    }

    /// <summary>Runs a verb body, mapping an AgentChat failure to its code on stderr and exit code 1 (2 for bad usage).</summary>
    public static async Task<int> RunAsync(CliOutput output, Func<Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (AgentChatException ex)
        {
            return await output.FailAsync(ex.Code, ex.Message).ConfigureAwait(false);
        }
        catch (UriFormatException ex)
        {
            return await output.FailAsync("USAGE", ex.Message, 2).ConfigureAwait(false);
        }
    }

    public static CliOutput Output(ParseResult parse, CommonOptions common)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(common);
        return new CliOutput(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(common.Json));
    }
}
