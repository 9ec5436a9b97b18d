using System.Text;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.EndToEnd.Hosting;

/// <summary>Keeps what the in-process AppHost logs, as text, so tests can read it like a console.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    public string Text
    {
        get
        {
            lock (_gate) return _text.ToString();
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Append(string category, LogLevel level, string message)
    {
        lock (_gate) _text.Append(level).Append(' ').Append(category).Append(": ").Append(message).Append('\n');
    }

    private sealed class Logger(CapturedLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Append(category, logLevel, formatter(state, exception));
        }
    }
}
