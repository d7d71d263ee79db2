using System.Globalization;
using Spectre.Console;

namespace SupportBot.Cli;

/// Progress for long CLI work on stderr (stdout stays the command's result). On a terminal Spectre.Console draws
/// live bars. Redirected (CI logs), each bar prints a line at every tenth: Spectre's own fallback there prints at
/// fixed milestones once a second, so a short run showed nothing and a finished one could end at "97%".
/// A bar appears on its first report, so a stage that never runs (embedding without a model) shows nothing.
internal static class ConsoleProgress
{
    public static Task<T> RunAsync<T>(string label, Func<IProgress<(int Done, int Total)>, Task<T>> work, TextWriter? output = null)
        => RunAsync([label], bars => work(bars[0]), output);

    public static async Task<T> RunAsync<T>(
        IReadOnlyList<string> labels, Func<IReadOnlyList<IProgress<(int Done, int Total)>>, Task<T>> work, TextWriter? output = null)
    {
        var writer = output ?? Console.Error;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (!console.Profile.Capabilities.Interactive)
        {
            return await work([.. labels.Select(label => new LineProgress(writer, label))]);
        }
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(context => work([.. labels.Select(label => new LiveBar(context, label))]));
    }

    /// Reports arrive on the worker's thread; Spectre's context and tasks take their own locks.
    private sealed class LiveBar(ProgressContext context, string label) : IProgress<(int Done, int Total)>
    {
        private ProgressTask? _task;

        public void Report((int Done, int Total) value)
        {
            _task ??= context.AddTask(label);
            _task.MaxValue = Math.Max(1, value.Total);
            _task.Value = value.Total == 0 ? 1 : value.Done;
        }
    }

    private sealed class LineProgress(TextWriter output, string label) : IProgress<(int Done, int Total)>
    {
        private readonly Lock _gate = new();
        private int _lastTenth = -1;

        public void Report((int Done, int Total) value)
        {
            var fraction = value.Total == 0 ? 1.0 : Math.Clamp((double)value.Done / value.Total, 0, 1);
            lock (_gate)
            {
                if ((int)(fraction * 10) is var tenth && tenth != _lastTenth)
                {
                    _lastTenth = tenth;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {fraction:P0} ({value.Done}/{value.Total})"));
                }
            }
        }
    }
}

/// Progress&lt;T&gt; posts to the thread pool and can report after the work ended; a bar must be drawn in order.
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
