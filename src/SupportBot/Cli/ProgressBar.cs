namespace SupportBot.Cli;

/// A progress bar on stderr for long CLI work. On a terminal it redraws one line; when output is redirected
/// (CI logs) it prints a line at each tenth so logs stay readable.
internal sealed class ProgressBar(string label, TextWriter? output = null) : IProgress<(int Done, int Total)>
{
    private const int Width = 30;
    private readonly TextWriter _output = output ?? Console.Error;
    private readonly bool _interactive = output is null && !Console.IsErrorRedirected;
    private readonly Lock _gate = new();
    private int _lastDecile = -1;
    private long _lastDrawTicks;

    public void Report((int Done, int Total) value)
    {
        var (done, total) = value;
        var fraction = total == 0 ? 1.0 : Math.Clamp((double)done / total, 0, 1);
        lock (_gate)
        {
            if (_interactive)
            {
                var now = Environment.TickCount64;
                if (done < total && now - _lastDrawTicks < 50)
                {
                    return;
                }
                _lastDrawTicks = now;
                var filled = (int)Math.Round(fraction * Width);
                _output.Write($"\r{label} [{new string('#', filled)}{new string('-', Width - filled)}] {fraction,4:P0} {done}/{total}");
                if (done >= total)
                {
                    _output.WriteLine();
                }
                return;
            }
            var decile = (int)(fraction * 10);
            if (decile != _lastDecile)
            {
                _lastDecile = decile;
                _output.WriteLine($"{label}: {fraction:P0} ({done}/{total})");
            }
        }
    }
}
