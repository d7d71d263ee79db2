using System.Diagnostics;
using SupportBot.Benchmarks.Analytics;
using SupportBot.Benchmarks.Insight;
using SupportBot.Benchmarks.Load;
using SupportBot.Benchmarks.Micro;
using SupportBot.Benchmarks.Soak;

namespace SupportBot.Benchmarks;

/// Measurements, one command each. Progress goes to stderr, one line per stage; the tables go to stdout.
/// (An explicit Main: a top-level Program here would hide the host's Program that WebApplicationFactory starts.)
internal static class BenchmarkCommands
{
    public static async Task<int> Main(string[] args)
    {
        string[] usage =
        [
            "usage:",
            "  " + RetrievalCommand.Usage,
            "  " + LoadCommand.Usage,
            "  " + BenchCommand.Usage,
            "  " + SoakCommand.Usage,
            "  " + InsightCommand.Usage,
            "  " + AnalyticsCommand.Usage,
        ];
        if (args.Length > 0 && args[0] == "bench")
        {
            return BenchCommand.Run(args[1..]);
        }
        var options = args.Length > 0 ? CommandOptions.Parse(args.Skip(1)) : null;
        if (options is null)
        {
            await Console.Error.WriteLineAsync(string.Join('\n', usage));
            return 2;
        }

        var clock = Stopwatch.StartNew();
        void Progress(string stage) => Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] {stage}");

        var code = args[0] switch
        {
            "retrieval" => await RetrievalCommand.RunAsync(options, Progress),
            "load" => await LoadCommand.RunAsync(options, Progress),
            "soak" => await SoakCommand.RunAsync(options, Progress),
            "insight" => await InsightCommand.RunAsync(options, Progress),
            "analytics" => await AnalyticsCommand.RunAsync(options, Progress),
            _ => -1,
        };
        if (code == -1)
        {
            await Console.Error.WriteLineAsync(string.Join('\n', usage));
            return 2;
        }
        Progress("done");
        return code;
    }
}
