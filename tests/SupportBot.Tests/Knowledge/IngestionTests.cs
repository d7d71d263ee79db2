using Microsoft.Extensions.DependencyInjection;
using SupportBot.Knowledge;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Knowledge;

public sealed class IngestionTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "supportbot-kb-" + Guid.NewGuid().ToString("N"));
    private readonly SupportBotFactory _factory;

    public IngestionTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "guides"));
        Write("guides/setup.md", """
            ---
            title: Setting up the Widget
            ---

            # Setting up the Widget

            The Widget needs a power outlet.

            ## Connect to Wi-Fi
            Hold the button for 5 seconds until the ring turns blue.

            ## Connect to Wi-Fi
            A second section with the same heading gets its own anchor.
            """);
        Write("faq.txt", "Widget warranty\n\nEvery Widget carries a two-year warranty.\n\nKeep your receipt.");
        Write("privacy.html", "<html><head><title>Widget privacy</title><script>alert(1)</script></head><body><h1>Widget privacy</h1><p>We keep logs for 90 days.</p><h2 id='erase'>Erase your data</h2><ul><li>Open settings</li><li>Tap erase</li></ul></body></html>");
        Write("named.md", "---\nid: custom-id\ntitle: Named article\n---\nBody of the named article.");
        Write("ignored.pdf", "not an article");
        _factory = new SupportBotFactory { KnowledgePath = _folder };
    }

    private void Write(string path, string content) => File.WriteAllText(Path.Combine(_folder, path), content);

    private KnowledgeIngestor Ingestor => _factory.Services.GetRequiredService<KnowledgeIngestor>();

    private KnowledgeStore Store => _factory.Services.GetRequiredService<KnowledgeStore>();

    [Fact]
    public async Task First_start_ingests_markdown_text_and_html_into_sections_with_stable_ids()
    {
        _ = _factory.Server;
        var sections = await Store.LoadSectionsAsync();
        var ids = sections.Select(s => s.Id).ToHashSet();
        Assert.Contains("guides/setup#setting-up-the-widget", ids);
        Assert.Contains("guides/setup#connect-to-wi-fi", ids);
        Assert.Contains("guides/setup#connect-to-wi-fi-1", ids);
        Assert.Contains("faq#widget-warranty", ids);
        Assert.Contains("privacy#widget-privacy", ids);
        Assert.Contains("privacy#erase", ids);
        Assert.Contains("custom-id#named-article", ids);
        Assert.DoesNotContain(sections, s => s.Text.Contains("alert", StringComparison.Ordinal));
        Assert.All(sections.Where(s => s.ArticleId == "guides/setup"), s => Assert.Equal("Setting up the Widget", s.ArticleTitle));
        Assert.Contains("- Tap erase", sections.Single(s => s.Id == "privacy#erase").Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Re_ingestion_parses_only_changed_files_and_removes_deleted_ones()
    {
        _ = _factory.Server;
        var unchanged = await Ingestor.IngestAsync(_folder);
        Assert.Equal(new IngestionReport(0, 0, 4, 0, 0, unchanged.Sections), unchanged);

        Write("faq.txt", "Widget warranty\n\nEvery Widget now carries a three-year warranty.");
        File.Delete(Path.Combine(_folder, "privacy.html"));
        Write("guides/new.md", "# New guide\n\nFresh content.");
        var report = await Ingestor.IngestAsync(_folder);
        Assert.Equal((1, 1, 2, 1, 0), (report.Added, report.Updated, report.Unchanged, report.Removed, report.Failed));

        var sections = await Store.LoadSectionsAsync();
        Assert.DoesNotContain(sections, s => s.ArticleId == "privacy");
        Assert.Contains(sections, s => s.Text.Contains("three-year", StringComparison.Ordinal));
        Assert.Contains(sections, s => s.Id == "guides/new#new-guide");
        var index = _factory.Services.GetRequiredService<KnowledgeIndex>();
        Assert.Equal(sections.Count, index.SectionCount);
        var hits = index.Search(index.Analyze("three-year warranty").ToDictionary(t => t, _ => 1.0), 1);
        Assert.Equal("faq", hits[0].Section.ArticleId);
    }

    [Fact]
    public async Task Article_page_renders_markdown_without_raw_html_and_404s_unknown_articles()
    {
        Write("guides/setup.md", "# Setup\n\nSafe text <script>alert('x')</script> and **bold**.");
        var client = _factory.CreateClient();
        var page = await client.GetStringAsync("/kb/guides/setup");
        Assert.Contains("<strong>bold</strong>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        var viaSourcePath = await client.GetAsync("/kb/guides/setup.md");
        Assert.Equal(System.Net.HttpStatusCode.OK, viaSourcePath.StatusCode);
        var missing = await client.GetAsync("/kb/nope");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
