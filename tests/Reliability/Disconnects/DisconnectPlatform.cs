using AgentPlatform.Reliability.Suite;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Reliability.Disconnects;

/// <summary>
/// The platform the disconnect scenarios share. It is the default composition with two settings the scenarios need
/// and the "default" platform cannot promise (whoever asks first configures a named platform): the <c>llm</c> agent
/// pointed at <see cref="NumberedChatServer"/> (the one shipped agent that streams many chunks), and AgentChat's
/// per-connection rate limit lifted (the daemon scenario measures delivery, not the limiter).
/// </summary>
public static class DisconnectPlatform
{
    /// <summary>The name under which <see cref="SuiteContext.PlatformAsync"/> shares it.</summary>
    public const string Name = "disconnects";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<SuiteContext, NumberedChatServer> Servers = [];

    /// <summary>Starts (once per suite context) the chat server and the platform behind it.</summary>
    public static async Task<PlatformProcess> GetAsync(SuiteContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        NumberedChatServer chat;
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!Servers.TryGetValue(context, out var started))
            {
                started = context.Own(await NumberedChatServer.StartAsync().ConfigureAwait(false));
                Servers[context] = started;
            }
            chat = started;
        }
        finally
        {
            Gate.Release();
        }
        return await context.PlatformAsync(Name, o =>
        {
            o.Environment["Agents__Llm__Endpoint"] = chat.Url;
            o.Environment["Agents__Llm__Model"] = "numbered";
            o.Environment["Agents__Llm__ApiKey"] = "not-a-secret";
            o.Environment["Agents__Llm__MaxHistoryMessages"] = "0";
            o.Environment["AgentChat__RateLimit__Burst"] = "100000";
            o.Environment["AgentChat__RateLimit__PerSecond"] = "100000";
            o.Environment["AgentChat__RateLimit__MaxFrames"] = "1000000";
        }).ConfigureAwait(false);
    }
}
