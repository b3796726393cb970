using Microsoft.Extensions.Logging;

namespace ColdChain.EndToEnd.Tests.Web;

/// <summary>
/// The platform's own errors (an unhandled exception behind a 500, a failed hub call) collected in-process: the
/// console logger writes on its own thread, out of sight of the test that caused them. A test reads and clears them.
/// </summary>
internal sealed class ServerErrors : ILoggerProvider
{
    private readonly List<string> _errors = [];

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    /// <summary>Everything logged at error or above since the last call, oldest first.</summary>
    public IReadOnlyList<string> Take()
    {
        lock (_errors)
        {
            var taken = _errors.ToList();
            _errors.Clear();
            return taken;
        }
    }

    public void Dispose()
    {
    }

    private sealed class Collector(ServerErrors sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            lock (sink._errors)
            {
                sink._errors.Add($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : Environment.NewLine + exception)}");
            }
        }
    }
}
