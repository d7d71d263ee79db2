using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Answering;
using SupportBot.Benchmarks.Load;
using SupportBot.Knowledge;

namespace SupportBot.Benchmarks.Micro;

/// The server-side time of a knowledge-base answer without a model (what the touchpoint's LatencyMs records):
/// the host's answer pipeline (rules, retrieval, confidence, extractive answer) over a knowledge base of
/// generated sections. Questions are a customer's wording around 3-6 words of one section.
[MemoryDiagnoser]
public class AnswerBenchmarks
{
    private InProcessSupportBot _host = null!;
    private AnswerPipeline _pipeline = null!;
    private string[] _questions = [];
    private int _next;

    [Params(1_000, 10_000, 100_000)]
    public int Sections { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _host = InProcessSupportBot.WithoutServer(new Dictionary<string, string?> { ["Knowledge:IngestOnStart"] = "false" });
        var corpus = new SyntheticCorpus(seed: 42);
        var sections = corpus.Sections(Sections);
        _host.Services.GetRequiredService<KnowledgeIndex>().Rebuild(sections);
        _pipeline = _host.Services.GetRequiredService<AnswerPipeline>();
        _questions = [.. corpus.Queries(sections, 256).Select(terms => $"What about the {string.Join(' ', terms)}?")];
    }

    [GlobalCleanup]
    public void Cleanup() => _host.Dispose();

    [Benchmark]
    public async Task<string> Answer() => (await _pipeline.AnswerAsync(_questions[_next++ & 255], [], "en-US", CancellationToken.None)).Text;
}
