using System.Globalization;
using System.Net;
using System.Text;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using SupportBot.Knowledge;

namespace SupportBot.Web;

/// /kb/{article}: the article a citation links to. Raw HTML inside articles is never passed through, so an article
/// (or an injection hidden in one) cannot run script on the page.
internal static class KnowledgePage
{
    private static readonly MarkdownPipeline SafeMarkdown = new MarkdownPipelineBuilder()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .UsePipeTables()
        .UseEmphasisExtras()
        .DisableHtml()
        .Build();

    public static IEndpointRouteBuilder MapKnowledgePage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/kb/{**articleId}", async (string articleId, KnowledgeStore store, CancellationToken cancellationToken) =>
        {
            var article = await store.GetArticleAsync(articleId, cancellationToken);
            // Relative links between articles point at source files (../returns/return-policy.md).
            if (article is null && ArticleReader.IsSupported(articleId))
            {
                article = await store.GetArticleAsync(ArticleReader.IdFromPath(articleId), cancellationToken);
            }
            return article is null
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Article not found", detail: $"No knowledge article has the id '{articleId}'.")
                : Results.Content(Render(article), "text/html; charset=utf-8");
        });
        return app;
    }

    public static string Render(StoredArticle article)
    {
        var body = article.Format switch
        {
            "markdown" => RenderMarkdown(article.Body),
            "html" => RenderSections(HtmlArticleParser.Parse(article.Body).Sections),
            _ => RenderSections(PlainTextArticleParser.Parse(article.Body).Sections),
        };
        var title = WebUtility.HtmlEncode(article.Title);
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{{title}} · Lumora Help Center</title>
              <link rel="icon" href="/favicon.svg" type="image/svg+xml">
              <style>
                body { font-family: "Segoe UI", system-ui, sans-serif; max-width: 760px; margin: 0 auto; padding: 24px; line-height: 1.55; color: #1f2a44; }
                a { color: #1a5fb4; } nav { margin-bottom: 16px; font-size: 14px; }
                :target { background: #fff6d5; }
              </style>
            </head>
            <body>
              <nav><a href="/">&larr; Back to chat</a></nav>
              <article data-article-id="{{WebUtility.HtmlEncode(article.Id)}}">
              {{body}}
              </article>
            </body>
            </html>
            """;
    }

    private static string RenderMarkdown(string markdown)
    {
        var (_, body) = FrontMatter.Split(markdown);
        return Markdown.ToHtml(body, SafeMarkdown);
    }

    private static string RenderSections(IReadOnlyList<ParsedSection> sections)
    {
        var html = new StringBuilder();
        var first = true;
        foreach (var section in sections)
        {
            if (section.Heading is { } heading)
            {
                var tag = first ? "h1" : "h2";
                html.Append(CultureInfo.InvariantCulture, $"<{tag} id=\"{WebUtility.HtmlEncode(section.Anchor ?? Slug.FromHeading(heading))}\">{WebUtility.HtmlEncode(heading)}</{tag}>\n");
            }
            first = false;
            foreach (var paragraph in section.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>\n");
            }
        }
        return html.ToString();
    }
}
