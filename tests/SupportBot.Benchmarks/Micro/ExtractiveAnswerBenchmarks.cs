using BenchmarkDotNet.Attributes;
using SupportBot.Answering;
using SupportBot.Knowledge;

namespace SupportBot.Benchmarks.Micro;

/// Composing the extractive answer from a retrieved section: sentence split, scoring against the question's
/// weighted terms, and the best sentences within the length limits (3 sentences, 600 characters).
[MemoryDiagnoser]
public class ExtractiveAnswerBenchmarks : IDisposable
{
    private KnowledgeIndex _index = null!;
    private (KnowledgeSection Section, Dictionary<string, double> Terms)[] _cases = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var corpus = new SyntheticCorpus(seed: 42);
        var sections = corpus.Sections(10_000);
        _index = new KnowledgeIndex();
        _index.Rebuild(sections);
        _cases =
        [
            .. corpus.Queries(sections, 256).Select(terms =>
            {
                var weights = RetrievalSpeed.Unweighted(_index, string.Join(' ', terms));
                return (_index.Search(weights, 1)[0].Section, weights);
            }),
        ];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _index.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public string Compose()
    {
        var (section, terms) = _cases[_next++ & 255];
        return ExtractiveAnswer.Compose(section, terms, _index, maxSentences: 3, maxCharacters: 600);
    }
}
