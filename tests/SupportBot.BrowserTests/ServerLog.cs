using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SupportBot.BrowserTests;

/// Keeps what the host logged (Information and above, after the host's own filters) so that a failing browser test
/// can say what the server saw, and so that the tests can check the server logged no errors.
public sealed class ServerLog : ILoggerProvider
{
    private readonly ConcurrentQueue<ServerLogEntry> _entries = new();

    public IReadOnlyList<ServerLogEntry> Entries => [.. _entries];

    public IReadOnlyList<ServerLogEntry> Errors => [.. _entries.Where(e => e.Level >= LogLevel.Error)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public string Describe() => _entries.IsEmpty ? "(the server logged nothing)" : Environment.NewLine + string.Join(Environment.NewLine, _entries);

    private sealed class Logger(ServerLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log._entries.Enqueue(new ServerLogEntry(logLevel, category, formatter(state, exception), exception));
            }
        }
    }
}

public sealed record ServerLogEntry(LogLevel Level, string Category, string Message, Exception? Exception)
{
    public override string ToString() => $"[{Level}] {Category}: {Message}{(Exception is null ? "" : Environment.NewLine + Exception)}";
}
