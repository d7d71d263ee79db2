using System.Globalization;
using System.Net;
using System.Text;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Http.HttpResults;
using SupportBot.Knowledge;

namespace SupportBot.Web;

/// /kb/{article}: the article a citation links to. Raw HTML inside articles is never passed through, links go only
/// to web, mail and phone addresses or within the site (Markdig's DisableHtml leaves a javascript: link target as
/// written), and the page's Content-Security-Policy allows no script at all: an article, or an injection hidden in
/// one, cannot run script on the page.
internal static class KnowledgePage
{
    /// No script, no plugins, no forms; the page's own inline style, and images from here or the web.
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    private static readonly string[] SafeSchemes = ["http", "https", "mailto", "tel"];

    private static readonly MarkdownPipeline SafeMarkdown = new MarkdownPipelineBuilder()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .UsePipeTables()
        .UseEmphasisExtras()
        .DisableHtml()
        .Build();

    public static IEndpointRouteBuilder MapKnowledgePage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/kb/{**articleId}", async Task<Results<ContentHttpResult, ProblemHttpResult>> (string articleId, HttpContext context, KnowledgeStore store, CancellationToken cancellationToken) =>
        {
            var article = await store.GetArticleAsync(articleId, cancellationToken);
            // Relative links between articles point at source files (../returns/return-policy.md).
            if (article is null && ArticleReader.IsSupported(articleId))
            {
                article = await store.GetArticleAsync(ArticleReader.IdFromPath(articleId), cancellationToken);
            }
            if (article is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Article not found", detail: $"No knowledge article has the id '{articleId}'.");
            }
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            return TypedResults.Content(Render(article), "text/html; charset=utf-8");
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
        var document = Markdown.Parse(body, SafeMarkdown);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafeTarget(link.Url))
            {
                link.Url = "#";
            }
        }
        foreach (var autolink in document.Descendants<AutolinkInline>())
        {
            if (!autolink.IsEmail && !IsSafeTarget(autolink.Url))
            {
                autolink.Url = "#";
            }
        }
        return document.ToHtml(SafeMarkdown);
    }

    /// A relative address, or one whose scheme is a web, mail or phone one. Browsers ignore whitespace and control
    /// characters inside a scheme ("java\tscript:"), so the scheme is read without them.
    internal static bool IsSafeTarget(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return true;
        }
        var compact = new string([.. url.Where(c => c > ' ')]);
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        var end = compact.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (end >= 0 && end < colon))
        {
            return true;
        }
        return SafeSchemes.Contains(compact[..colon], StringComparer.OrdinalIgnoreCase);
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
