using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace SupportBot.Knowledge;

/// The YAML block between leading "---" lines of a Markdown article.
internal static class FrontMatter
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    public static (IReadOnlyDictionary<string, string> Fields, string Body) Split(string markdown)
    {
        var text = markdown.TrimStart('\uFEFF');
        if (!text.StartsWith("---", StringComparison.Ordinal))
        {
            return (new Dictionary<string, string>(), text);
        }
        var firstLineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        if (firstLineEnd < 0 || text[..firstLineEnd].Trim() != "---")
        {
            return (new Dictionary<string, string>(), text);
        }
        var close = text.IndexOf("\n---", firstLineEnd, StringComparison.Ordinal);
        if (close < 0)
        {
            return (new Dictionary<string, string>(), text);
        }
        var yaml = text[(firstLineEnd + 1)..close];
        var bodyStart = text.IndexOf('\n', close + 4);
        var body = bodyStart < 0 ? string.Empty : text[(bodyStart + 1)..];
        return (Parse(yaml), body);
    }

    private static Dictionary<string, string> Parse(string yaml)
    {
        try
        {
            var raw = Yaml.Deserialize<Dictionary<string, object?>>(yaml) ?? [];
            return raw.Where(kv => kv.Value is string or int or long or double or bool)
                .ToDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture)!, StringComparer.OrdinalIgnoreCase);
        }
        catch (YamlException)
        {
            // A broken front matter block must not lose the article: ingest it with the file name as title.
            return new Dictionary<string, string>();
        }
    }
}
