using BenchmarkDotNet.Attributes;
using SupportBot.Knowledge;

namespace SupportBot.Benchmarks.Micro;

/// One knowledge-base search (analysing the words, BM25, top 10) on generated corpora of growing size; the
/// queries rotate through 256 of 3-6 words taken from the corpus (SyntheticCorpus).
[MemoryDiagnoser]
public class RetrievalBenchmarks : IDisposable
{
    private KnowledgeIndex _index = null!;
    private string[] _queries = [];
    private int _next;

    [Params(1_000, 10_000, 100_000)]
    public int Sections { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var corpus = new SyntheticCorpus(seed: 42);
        var sections = corpus.Sections(Sections);
        _index = new KnowledgeIndex();
        _index.Rebuild(sections);
        _queries = [.. corpus.Queries(sections, 256).Select(terms => string.Join(' ', terms))];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _index.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public int Search() => _index.Search(RetrievalSpeed.Unweighted(_index, _queries[_next++ & 255]), 10).Count;
}
