using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Server.UnitTests.AgentChat;

/// <summary>Logs carry ids, types and sizes; message contents only with AgentChat:LogMessages.</summary>
public sealed class LoggingTests
{
    private sealed class Capture : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> kv ? string.Join(' ', kv.Select(p => p.Key + "=" + p.Value)) : "";
            Lines.Enqueue(formatter(state, exception) + " | " + fields);
        }

        public void Dispose()
        {
        }
    }

    private static async Task<List<string>> ChatAsync(bool logMessages)
    {
        var capture = new Capture();
        await using (var server = await ChatServer.StartAsync(new() { ["AgentChat:LogMessages"] = logMessages ? "true" : "false" },
            services: s => s.AddLogging(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Debug))))
        {
            await using var a = await server.IdentifiedAsync("alice");
            await a.JoinAsync("#general");
            await a.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = "#general", ["content"] = "top-secret-words" });
            await a.ExpectAsync("MSG");
            await a.SendAsync(new JsonObject { ["type"] = "MSG", ["to"] = a.AgentId, ["content"] = "private-dm-words" });
            await a.ExpectAsync("MSG");
        }
        return [.. capture.Lines];
    }

    [Fact]
    public async Task By_default_no_content_is_logged_but_the_events_are()
    {
        var lines = await ChatAsync(logMessages: false);
        Assert.Contains(lines, l => l.Contains("identified as", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("MSG", StringComparison.Ordinal) && l.Contains("Length=16", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("top-secret-words", StringComparison.Ordinal) || l.Contains("private-dm-words", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_LogMessages_the_frames_are_logged_with_their_content()
    {
        var lines = await ChatAsync(logMessages: true);
        Assert.Contains(lines, l => l.Contains("top-secret-words", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("private-dm-words", StringComparison.Ordinal));
    }
}
