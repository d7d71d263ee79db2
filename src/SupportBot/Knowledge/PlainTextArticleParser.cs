namespace SupportBot.Knowledge;

/// Plain text has no headings: the first line is the title and paragraphs are grouped into sections of
/// a readable size so that one answer never quotes the whole file.
internal static class PlainTextArticleParser
{
    private const int SectionCharacters = 1500;

    public static (string? Title, IReadOnlyList<ParsedSection> Sections) Parse(string content)
    {
        var lines = content.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var titleIndex = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (titleIndex < 0)
        {
            return (null, []);
        }
        var title = lines[titleIndex].Trim();
        var paragraphs = string.Join("\n", lines.Skip(titleIndex + 1))
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var sections = new List<ParsedSection>();
        var current = new List<string>();
        var length = 0;
        foreach (var paragraph in paragraphs)
        {
            if (length > 0 && length + paragraph.Length > SectionCharacters)
            {
                sections.Add(Section(title, sections.Count, current));
                current.Clear();
                length = 0;
            }
            current.Add(paragraph);
            length += paragraph.Length;
        }
        if (current.Count > 0 || sections.Count == 0)
        {
            sections.Add(Section(title, sections.Count, current));
        }
        return (title, sections);
    }

    private static ParsedSection Section(string title, int index, List<string> paragraphs)
        => new(index == 0 ? Slug.FromHeading(title) : $"part-{index + 1}", title, string.Join("\n\n", paragraphs));
}
