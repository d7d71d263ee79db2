namespace SupportBot.Knowledge;

/// Collects the text under each heading of a document as the parsers walk it.
internal sealed class SectionBuilder
{
    private readonly List<ParsedSection> _sections = [];
    private readonly List<string> _text = [];
    private string? _heading;
    private string? _anchor;

    public bool IsEmpty => _sections.Count == 0 && _text.Count == 0 && _heading is null;

    public void StartSection(string heading, string? anchor)
    {
        Flush();
        _heading = heading;
        _anchor = anchor;
    }

    public void AddText(string text) => _text.Add(ArticleText.Neutralise(text));

    public IReadOnlyList<ParsedSection> Build()
    {
        Flush();
        return _sections;
    }

    private void Flush()
    {
        var joined = string.Join("\n", _text).Trim();
        if (joined.Length > 0 || _heading is not null)
        {
            _sections.Add(new ParsedSection(_anchor, _heading, joined));
        }
        _text.Clear();
    }
}
