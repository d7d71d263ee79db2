using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

namespace SupportBot.Benchmarks.Micro;

/// bench: the BenchmarkDotNet micro-benchmarks in this folder. They run in this process (in-process toolchain):
/// no per-benchmark project is generated and built, which keeps a run to minutes and needs no package restore.
internal static class BenchCommand
{
    public const string Usage = "bench [filter, e.g. *Retrieval*] [BenchmarkDotNet options, e.g. --job short]";

    public static int Run(string[] args)
    {
        // A bare first argument is the filter; without one, everything runs (never BenchmarkDotNet's interactive menu).
        string[] arguments = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal)
            ? ["--filter", args[0], .. args[1..]]
            : args.Contains("--filter") ? args : ["--filter", "*", .. args];
        // --inProcess rather than a job in the config: jobs named on the command line (--job short) stay in process too.
        arguments = [.. arguments, "--inProcess"];
        var config = DefaultConfig.Instance
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "supportbot-benchmarks"));
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchCommand).Assembly).Run(arguments, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
