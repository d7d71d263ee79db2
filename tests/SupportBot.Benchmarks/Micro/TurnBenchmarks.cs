using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Benchmarks.Load;
using SupportBot.Conversations;

namespace SupportBot.Benchmarks.Micro;

/// One customer message through the turn handler, without HTTP: history read, touchpoints written, the
/// typing indicator and the reply handed to the channel (a sender that only counts). Each turn opens a fresh
/// conversation of the sample knowledge base. Allocated is the server's own allocation per turn.
[MemoryDiagnoser]
public class TurnBenchmarks
{
    private InProcessSupportBot _host = null!;
    private TurnHandler _handler = null!;
    private readonly CountingSender _sender = new();
    private int _conversation;

    [Params("hi", "How do I reset my password?")]
    public string Text { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _host = InProcessSupportBot.WithoutServer();
        _handler = _host.Services.GetRequiredService<TurnHandler>();
    }

    [GlobalCleanup]
    public void Cleanup() => _host.Dispose();

    [Benchmark]
    public Task Turn() => _handler.HandleAsync(MemoryFootprint.Turn($"bench-{_conversation++}", Text, _sender), CancellationToken.None);
}
